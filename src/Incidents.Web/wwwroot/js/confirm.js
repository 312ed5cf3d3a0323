// Destructive admin actions ask first: a form with data-confirm asks its question; on "OK" the form goes with
// confirm=yes, which the server requires (without this file the server answers with a confirmation step instead).
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
    if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); return; }
    if (!form.querySelector("input[name='confirm']")) {
      var yes = document.createElement("input");
      yes.type = "hidden"; yes.name = "confirm"; yes.value = "yes";
      form.appendChild(yes);
    }
  });
})();
