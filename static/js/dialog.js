// Generic dialogs (the guide's pop-up windows), as progressive enhancement.
//
//   <a href="/no-js/page/" data-dialog="some-dialog-id">Open</a>
//   <dialog id="some-dialog-id" aria-labelledby="..."> ... <button type="button" data-dialog-close>Close</button></dialog>
//
// Without JavaScript the link opens its page. With it, the click opens the <dialog> as a modal: focus moves
// to the first form field (or the element with [autofocus]); Esc, "Close" or the header's × (plain
// [data-dialog-close] buttons, see templates/components/dialog.html) or a click on the backdrop close it and
// focus returns to the link. A dialog whose form has errors can be opened on load with data-dialog-open.
// Every dialog in the portal uses this script (External Files' "Add new file", the catalog's "Request new Credit"); it may be loaded twice.
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") { return; }  // old browsers keep the no-JS pages
  if (window.portalDialogs) { return; }
  window.portalDialogs = true;

  var FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  var FOCUSABLE = "[autofocus], input:not([type=hidden]):not([disabled]), select:not([disabled]), " +
    "textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

  function firstFocusable(dialog) {
    var body = dialog.querySelector(".dialog-body") || dialog;
    return dialog.querySelector("[autofocus]") || body.querySelector(FIELDS) || body.querySelector(FOCUSABLE) ||
      dialog.querySelector(FOCUSABLE);
  }

  function open(dialog, opener) {
    if (dialog.open) { return; }
    dialog._opener = opener || document.activeElement;
    dialog.showModal();
    var target = firstFocusable(dialog);
    if (target) { target.focus(); }
  }

  function wire(dialog) {
    if (dialog._wired) { return; }
    dialog._wired = true;
    dialog.addEventListener("close", function () {
      var opener = dialog._opener;
      dialog._opener = null;
      if (opener && typeof opener.focus === "function") { opener.focus(); }
    });
    dialog.addEventListener("click", function (event) {
      if (event.target.closest("[data-dialog-close]")) {
        event.preventDefault();
        dialog.close();
      } else if (event.target === dialog) {
        // A click on the backdrop (outside the dialog's box) closes it.
        var box = dialog.getBoundingClientRect();
        var inside = event.clientX >= box.left && event.clientX <= box.right &&
          event.clientY >= box.top && event.clientY <= box.bottom;
        if (!inside) { dialog.close(); }
      }
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-dialog]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    var dialog = document.getElementById(link.getAttribute("data-dialog"));
    if (!dialog || dialog.tagName !== "DIALOG") { return; }  // no dialog: follow the link
    event.preventDefault();
    wire(dialog);
    open(dialog, link);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("dialog[data-dialog-open]").forEach(function (dialog) {
      wire(dialog);
      var opener = document.querySelector("[data-dialog='" + dialog.id + "']");
      open(dialog, opener);
    });
  });
})();
