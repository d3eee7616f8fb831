// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
  // Submit buttons are disabled after the first click so a double click sends one request.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    window.setTimeout(function () { delete form.dataset.submitted; }, 5000);
  });
})();
