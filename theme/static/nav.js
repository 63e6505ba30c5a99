/* The 历年考评 and 历年单位 links lead out of the year folder, to the site's own indexes. A year
   folder copied somewhere on its own has none: the links are then hidden rather than dead. Whether
   the indexes are there is asked by loading the small script that sits beside them (site.js). */
(function () {
  "use strict";
  var links = document.querySelectorAll("a.to-site-root");
  if (!links.length) { return; }
  var probe = document.createElement("script");
  probe.src = new URL("site.js", links[0].href).href;
  probe.onerror = function () {
    Array.prototype.forEach.call(links, function (link) { link.hidden = true; });
  };
  document.head.appendChild(probe);
})();
