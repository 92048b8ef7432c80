// Fills a company field's <datalist> with matching company names as the person types.
// Works for every input with data-suggest-url and a list attribute (the complaint form, the
// moderators' merge form). Progressive enhancement: without JavaScript the server resolves
// the typed name.
(function () {
  "use strict";
  if (!window.fetch) { return; }
  var inputs = document.querySelectorAll("input[data-suggest-url][list]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
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
  });
}());
