// Drop zones that are also file choosers, as progressive enhancement.
//
//   <div class="drop-zone" data-dropzone> ... <input type="file"> ... <p data-dropzone-name></p></div>
//
// Without JavaScript the file input inside works as usual. With it, dropping a file on the zone puts it in
// the input, a click anywhere on the zone opens the file chooser, and the chosen file's name is announced.
(function () {
  "use strict";

  function init(zone) {
    if (zone._dropzone) { return; }  // the script may be loaded twice on a page
    zone._dropzone = true;
    var input = zone.querySelector("input[type=file]");
    if (!input) { return; }
    var nameOut = zone.querySelector("[data-dropzone-name]");

    function showName() {
      if (!nameOut) { return; }
      nameOut.textContent = input.files && input.files.length ? "Chosen file: " + input.files[0].name : "";
    }

    zone.addEventListener("click", function (event) {
      if (event.target !== input && !event.target.closest("a, button, label")) { input.click(); }
    });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("dragover");
      });
    });
    ["dragleave", "dragend"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("dragover"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("dragover");
      var dropped = event.dataTransfer && event.dataTransfer.files;
      if (!dropped || !dropped.length) { return; }
      try {
        var transfer = new DataTransfer();
        transfer.items.add(dropped[0]);  // one file per upload
        input.files = transfer.files;
      } catch (error) {
        input.files = dropped;
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    input.addEventListener("change", showName);
    showName();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-dropzone]").forEach(init);
  });
})();
