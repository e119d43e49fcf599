/* The admin list's filters as flask-admin's bs4_filters.js draws them: rows of a remove link, an
   operation select and a value field, none of them labelled, a date's value with a pop-up
   calendar of unlabelled selects and layout tables that no keyboard reaches. Each control is
   named after its filter ("Status: value"); a date is the browser's own date field, a range or a
   time is typed in the format its placeholder shows. For the rows drawn on load and those "Add
   Filter" adds or a change of operation redraws. */
(function () {
  "use strict";
  var table = document.querySelector("#filter_form table.filters");
  if (!table) {
    return;
  }

  function withoutCalendar(value) {
    var picker = window.jQuery(value).data("daterangepicker");
    if (!picker) {
      return;
    }
    var format = value.getAttribute("data-date-format");
    var range = !picker.singleDatePicker;
    picker.remove();
    if (format === "YYYY-MM-DD" && !range) {
      value.type = "date";
    } else {
      value.placeholder = range ? format + " to " + format : format;
    }
  }

  // select2 draws a focusable copy of a select (just before it), named only by its chosen
  // option: it is named by the filter too, from a hidden element of its own.
  var names = 0;
  function nameCopy(select, label) {
    var copy = select.previousElementSibling;
    var focusser = copy && copy.querySelector(".select2-focusser");
    var chosen = copy && copy.querySelector(".select2-chosen");
    if (!focusser || !chosen || focusser.hasAttribute("data-named")) {
      return;
    }
    names += 1;
    var name = document.createElement("span");
    name.id = "filter-control-" + names;
    name.hidden = true;
    name.textContent = label;
    copy.appendChild(name);
    focusser.setAttribute("aria-labelledby", name.id + " " + chosen.id);
    focusser.setAttribute("data-named", "");
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
        nameCopy(op, filter + ": operation");
      });
      row.querySelectorAll("input.filter-val, select.filter-val").forEach(function (value) {
        value.setAttribute("aria-label", filter + ": value");
        if (value.tagName === "SELECT") {
          nameCopy(value, filter + ": value");
        }
        withoutCalendar(value);
      });
    });
  }

  labelRows();
  new MutationObserver(labelRows).observe(table, {childList: true, subtree: true});
})();
