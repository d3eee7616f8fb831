// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
  // Submit buttons are disabled after the first click so a double click sends one request. A form that
  // only closes a dialog (method="dialog") sends nothing and is never guarded.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if ((form.method || "").toLowerCase() === "dialog" || (submitter && submitter.formMethod === "dialog")) {
      return;
    }
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    window.setTimeout(function () { delete form.dataset.submitted; }, 5000);
  });

  // After a submit the page says what happened, and focus starts there rather than at the top: a form's
  // error summary ([data-focus]) first; else the first error of a form without a summary (its non-field
  // errors, or the first field marked invalid, whose label and error are then read); else the element the
  // URL's #fragment names (the catalog card just registered, whose heading is then read); else the
  // messages, which screen readers read on focus. Nothing inside a closed dialog is focused.
  function firstError() {
    var candidates = document.querySelectorAll(".form-errors[tabindex], [aria-invalid='true']");
    for (var i = 0; i < candidates.length; i++) {
      if (!candidates[i].closest("dialog:not([open])")) { return candidates[i]; }
    }
    return null;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var messages = document.querySelector("[data-messages]");
    var target = document.querySelector("[data-focus]") || firstError();
    if (!target && window.location.hash.length > 1) {
      target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target && !target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      // The card's heading takes focus and is read with the message about it.
      if (target && messages) { target.setAttribute("aria-describedby", messages.id); }
    }
    target = target || messages;
    if (target && !target.closest("dialog:not([open])")) { target.focus(); }
  });

  // Error summary links move focus to their field (a fragment link alone only scrolls).
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });
})();
