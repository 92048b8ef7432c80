// Shows how many characters a long text field holds against its limit, as the person types.
// Works for every <textarea data-counter-max>; the wording comes from data-counter-text and
// data-counter-over (translated by the server). Progressive enhancement: without JavaScript
// the hint states the limit and the server says clearly when it is passed, keeping the text.
(function () {
  "use strict";
  var fields = document.querySelectorAll("textarea[data-counter-max]");
  var numbers = window.Intl ? new Intl.NumberFormat(document.documentElement.lang || "nl") : null;
  function format(n) { return numbers ? numbers.format(n) : String(n); }
  Array.prototype.forEach.call(fields, function (field) {
    var max = parseInt(field.getAttribute("data-counter-max"), 10);
    if (!max) { return; }
    var text = field.getAttribute("data-counter-text") || "{count} / {max}";
    var overText = field.getAttribute("data-counter-over") || "{over}";
    var counter = document.createElement("p");
    counter.className = "field__count";
    counter.id = field.id + "-count";
    // Read out only when the limit is passed or no longer passed, not on every key.
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    field.parentNode.insertBefore(counter, field.nextSibling);
    field.parentNode.insertBefore(status, counter.nextSibling);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var wasOver = false;
    function update() {
      var count = field.value.length;
      var over = count > max;
      var message = text.replace("{count}", format(count)).replace("{max}", format(max));
      if (over) { message += ". " + overText.replace("{over}", format(count - max)); }
      counter.textContent = message;
      counter.classList.toggle("field__count--over", over);
      if (over !== wasOver) { status.textContent = message; wasOver = over; }
    }
    field.addEventListener("input", update);
    update();
  });
}());
