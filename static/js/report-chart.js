// A staff report's chart (admin/report.html), drawn with Chart.js from the numbers the page
// carries in its JSON block: the same numbers as the table beneath it. No inline script (the
// CSP); without JavaScript the table alone is there.
(function () {
  "use strict";
  var canvas = document.getElementById("report-chart");
  var source = document.getElementById("report-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var chart = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: chart.type,
    data: { labels: chart.labels, datasets: chart.datasets },
    options: {
      indexAxis: chart.horizontal ? "y" : "x",
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
