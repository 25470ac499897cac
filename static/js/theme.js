// Applies the saved theme before the page paints (loaded without defer on purpose).
(function () {
  try {
    var saved = localStorage.getItem("backprep-theme");
    if (saved === "light" || saved === "dark") {
      document.documentElement.setAttribute("data-theme", saved);
    }
  } catch (e) { /* storage may be blocked; the system theme applies */ }
})();
