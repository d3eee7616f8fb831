// "Request new Credit": a link with data-credit-dialog="<id>" opens that <dialog> instead of the form's page.
// Without JavaScript the link simply opens the page. (h4's dialog.js does the same for data-dialog.)
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-credit-dialog]");
    if (!link) { return; }
    var dialog = document.getElementById(link.getAttribute("data-credit-dialog"));
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    event.preventDefault();
    if (!dialog.open) { dialog.showModal(); }
    var first = dialog.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
  });
  // Dropping a file anywhere on the drop zone fills its file input.
  document.querySelectorAll(".drop-zone").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input) { return; }
    zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("dragover"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("dragover"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("dragover");
      if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; }
    });
  });
})();
