/* The admin list's filters as flask-admin's bs4_filters.js draws them: rows of a remove link, an
   operation select and a value field, none of them labelled. Each control is named after its
   filter ("Status: operation"), for the rows drawn on load and for those "Add Filter" adds or an
   operation's change redraws. */
(function () {
  "use strict";
  var table = document.querySelector("#filter_form table.filters");
  if (!table) {
    return;
  }

  function labelRows() {
    table.querySelectorAll("tr").forEach(function (row) {
      var remove = row.querySelector(".remove-filter");
      if (!remove) {
        return;
      }
      var filter = remove.textContent.replace("\u00d7", "").trim();
      remove.setAttribute("aria-label", "Remove the filter " + filter);
      row.querySelectorAll("select.filter-op").forEach(function (op) {
        op.setAttribute("aria-label", filter + ": operation");
      });
      row.querySelectorAll(".filter-val").forEach(function (value) {
        value.setAttribute("aria-label", filter + ": value");
      });
    });
  }

  labelRows();
  new MutationObserver(labelRows).observe(table, {childList: true, subtree: true});
})();
