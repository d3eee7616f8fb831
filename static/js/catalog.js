// Catalog ("Register for Course"): choosing a category in "All categories" shows its items at once, in
// place. The page is not reloaded, so focus stays on the drop-down and arrow keys only move the choice
// (WCAG 3.2.2: no change of context on input); the count is announced. Without JavaScript, or if the
// request fails, the form's "Show" button does the same with a normal page load.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-filter]");
  if (!form || !window.fetch || !window.DOMParser) { return; }
  var pending = null;

  function refresh() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value) { params.append(key, value); } });
    var url = form.action.split("?")[0] + (params.toString() ? "?" + params.toString() : "");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, { credentials: "same-origin", signal: pending.signal, headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ["catalog-results", "catalog-count", "catalog-clear"].forEach(function (id) {
          var old = document.getElementById(id);
          var next = fresh.getElementById(id);
          if (old && next) { old.innerHTML = next.innerHTML; }
        });
        window.history.replaceState(null, "", url);
      })
      .catch(function (error) { if (error.name !== "AbortError") { form.submit(); } });
  }

  form.querySelectorAll("select").forEach(function (select) {
    select.addEventListener("change", refresh);
  });
})();
