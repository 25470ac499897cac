// The practice screen: keyboard shortcuts, the optional timer and how long an answer took.
(function () {
  "use strict";
  var root = document.querySelector("[data-practice]");
  if (!root) return;
  var shownAt = Date.now();
  var timerHandle = null;

  function startCard() {
    shownAt = Date.now();
    if (timerHandle) { clearInterval(timerHandle); timerHandle = null; }
    var card = root.querySelector("[data-card]");
    var timer = root.querySelector("[data-timer]");
    if (card && timer) {
      var left = parseInt(card.getAttribute("data-timer-seconds"), 10) || 0;
      timerHandle = setInterval(function () {
        left -= 1;
        timer.textContent = left > 0 ? left + "s" : "time's up";
        timer.classList.toggle("over", left <= 0);
        if (left <= 0) { clearInterval(timerHandle); timerHandle = null; }
      }, 1000);
    }
    var area = root.querySelector("textarea[name=answer]");
    if (area) area.focus();
    var feedback = root.querySelector("[data-feedback]");
    if (feedback) feedback.focus({ preventScroll: false });
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("[data-answer-form]");
    if (form) event.detail.parameters.duration_ms = String(Date.now() - shownAt);
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target === root) startCard();
  });

  document.addEventListener("keydown", function (event) {
    var inField = event.target.matches("textarea, input, select");
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = root.querySelector("[data-answer-form]");
      if (form) { event.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (inField || event.altKey || event.ctrlKey || event.metaKey) return;
    var rating = root.querySelector("[data-rating-form]");
    if (!rating) return;
    var button = null;
    if (["1", "2", "3", "4"].indexOf(event.key) >= 0) {
      button = rating.querySelector('[data-rating="' + event.key + '"]');
    } else if (event.key === "Enter") {
      button = rating.querySelector("[data-suggested]") || rating.querySelector('[data-rating="3"]');
    }
    if (button) { event.preventDefault(); button.click(); }
  });
  startCard();
})();
