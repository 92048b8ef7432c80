// Fills the company field's <datalist> with matching company names as the person types.
// Progressive enhancement: without JavaScript the form resolves the name on the server.
(function () {
  "use strict";
  var input = document.getElementById("company");
  var list = document.getElementById("company-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    var typed = input.value.trim();
    if (typed.length < 2 || typed === last) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      last = typed;
      fetch(url + "?q=" + encodeURIComponent(typed), { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (names) {
          while (list.firstChild) { list.removeChild(list.firstChild); }
          names.forEach(function (name) {
            var option = document.createElement("option");
            option.value = name;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a convenience; the server still resolves */ });
    }, 200);
  });
}());
