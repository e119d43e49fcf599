// After htmx swaps a region, move focus to it so keyboard and screen-reader users follow along.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (target && target.hasAttribute("data-focus-after-swap")) {
    target.focus();
  }
});

// Idle timeout (S2.3): warn two minutes before the server ends an idle session, offer "Stay
// signed in", and go to the sign-in page once the session has ended.
(function () {
  var page = document.querySelector("[data-idle-seconds]");
  var dialog = document.getElementById("idle-warning");
  if (!page || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var idleMs = parseInt(page.getAttribute("data-idle-seconds"), 10) * 1000;
  var warnMs = Math.max(idleMs - 120 * 1000, 0);
  var warnTimer, endTimer;

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(function () { dialog.showModal(); }, warnMs);
    endTimer = setTimeout(function () {
      window.location.assign(page.getAttribute("data-timed-out-url"));
    }, idleMs);
  }

  dialog.querySelector("[data-stay-signed-in]").addEventListener("click", function () {
    var token = JSON.parse(page.getAttribute("hx-headers"))["X-CSRFToken"];
    fetch(page.getAttribute("data-keep-alive-url"), {
      method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin"
    }).then(function (response) {
      if (response.ok) { dialog.close(); schedule(); }
      else { window.location.assign(page.getAttribute("data-timed-out-url")); }
    });
  });
  // Any htmx request to the server counts as activity, as a full page load does.
  document.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();

// Print buttons: hidden until this script can make them work (without it, the page says to use
// the browser's Print command).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
