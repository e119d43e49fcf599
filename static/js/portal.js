// After htmx swaps a region, move focus to it so keyboard and screen-reader users follow along.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (target && target.hasAttribute("data-focus-after-swap")) {
    target.focus();
  }
});
