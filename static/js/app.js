// Small, dependency-free behaviour for every page. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  function currentTheme() {
    var explicit = document.documentElement.getAttribute("data-theme");
    if (explicit === "light" || explicit === "dark") return explicit;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-theme-toggle]");
    if (toggle) {
      var next = currentTheme() === "dark" ? "light" : "dark";
      document.documentElement.setAttribute("data-theme", next);
      try { localStorage.setItem("backprep-theme", next); } catch (e) { /* ignore */ }
      return;
    }
    var nav = event.target.closest("[data-nav-toggle]");
    if (nav) {
      var open = nav.getAttribute("aria-expanded") === "true";
      nav.setAttribute("aria-expanded", String(!open));
      document.getElementById(nav.getAttribute("aria-controls")).classList.toggle("open", !open);
      return;
    }
    var copy = event.target.closest("[data-copy-target]");
    if (copy) {
      var input = document.getElementById(copy.getAttribute("data-copy-target"));
      input.select();
      var done = function () { copy.textContent = "Copied"; };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    }
  });
})();
