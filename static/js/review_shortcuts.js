// Keyboard shortcuts of the reviewer's decision screens (issue 16). Progressive enhancement: every action is a
// button or link that works without this script.
//
// The list of shortcuts is the one the page shows (reviews/_shortcuts.html): each <li data-shortcut-key="A"
// data-shortcut-target="id"> means Alt+Shift+A presses the button or link with that id, or moves focus to any
// other element with it. Only Alt+Shift+<letter> combinations are used: no single keys (screen readers use
// single letters in browse mode) and no accesskey attributes (their modifiers differ per browser). Nothing
// happens while focus is in a text field, so typing is never taken over.
(function () {
  "use strict";
  var list = document.querySelector("[data-shortcuts]");
  if (!list) { return; }
  list.closest("section").hidden = false;
  var shortcuts = {};
  list.querySelectorAll("[data-shortcut-key]").forEach(function (item) {
    shortcuts[item.dataset.shortcutKey.toUpperCase()] = item.dataset.shortcutTarget;
  });
  var TEXT_INPUTS = /^(text|search|email|number|tel|url|password|date|datetime-local|month|time|week)$/;

  function typingIn(element) {
    if (!element) { return false; }
    if (element.isContentEditable) { return true; }
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") { return true; }
    return tag === "INPUT" && TEXT_INPUTS.test(element.type || "text");
  }

  function letterOf(event) {
    // event.code names the physical key ("KeyA") whatever Alt+Shift turns event.key into on some keyboards.
    if (/^Key[A-Z]$/.test(event.code || "")) { return event.code.slice(3); }
    return (event.key || "").length === 1 ? event.key.toUpperCase() : "";
  }

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || event.repeat) { return; }
    if (typingIn(document.activeElement)) { return; }
    var targetId = shortcuts[letterOf(event)];
    var target = targetId && document.getElementById(targetId);
    if (!target) { return; }
    event.preventDefault();
    if (target.tagName === "BUTTON" || target.tagName === "A") {
      target.click();
    } else {
      target.focus();
      target.scrollIntoView({ block: "nearest" });
    }
  });
})();
