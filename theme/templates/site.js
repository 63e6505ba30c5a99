/* The filter of units.html: shows the rows whose unit names hold what is typed. Plain script, no
   library, works from file://. Year pages load this file too, only to learn that it is there
   (nav.js): elsewhere it finds no filter and does nothing. */
(function () {
  "use strict";
  var box = document.getElementById("unit-filter");
  if (!box) { return; }
  var rows = document.querySelectorAll("#unit-index tbody tr");
  var status = document.getElementById("unit-count");
  function apply() {
    var words = box.value.replace(/\s+/g, "");
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var match = row.getAttribute("data-search").replace(/\s+/g, "").indexOf(words) >= 0;
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    status.textContent = words ? "找到" + shown + "个单位" : "共" + rows.length + "个单位";
  }
  box.addEventListener("input", apply);
  box.parentNode.hidden = false;
  apply();
})();
