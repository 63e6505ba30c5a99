/* Click a header (with data-sort) of a .sortable table to sort by that column; click again to reverse.
   The table is complete without JavaScript: this only reorders rows already there. */
(function () {
  "use strict";
  function sortBy(table, column, kind, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].getAttribute("data-value");
      var y = b.cells[column].getAttribute("data-value");
      var order = kind === "number" ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh-CN");
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  /* The caption says the order the rows are in now, e.g. "（按总分从低到高）". */
  function describe(table, label, kind, descending) {
    var state = table.querySelector("caption .sort-state");
    if (!state) { return; }
    var order = kind === "number" ? (descending ? "从高到低" : "从低到高") : (descending ? "倒序" : "顺序");
    state.textContent = "（按" + label + order + "）";
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, column) {
      if (!th.hasAttribute("data-sort")) { return; }  // 备注: nothing to order by
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        sortBy(table, column, th.getAttribute("data-sort"), descending);
        describe(table, button.textContent.trim(), th.getAttribute("data-sort"), descending);
      });
    });
  });
})();
