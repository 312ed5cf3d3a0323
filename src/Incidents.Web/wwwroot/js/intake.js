// The intake page: the reporter fields a type requires (data-required-for, from the same rule the server applies) are
// marked "required" for the chosen type(s) and get the required attribute; the others lose the mark. Without this file
// each mark names the types that require the field, and the server refuses what is missing either way.
(function () {
  "use strict";
  var form = document.querySelector("form input[name='Form.Classification']");
  if (!form) return;
  function chosen() {
    var c = document.querySelector("input[name='Form.Classification']:checked");
    if (!c) return [];
    if (c.value !== "mixed") return [c.value];
    return Array.prototype.map.call(document.querySelectorAll("input[name='Form.Contents']:checked"), function (x) { return x.value; });
  }
  function update() {
    var types = chosen();
    document.querySelectorAll("[data-required-for]").forEach(function (el) {
      var needs = el.getAttribute("data-required-for").split(" ").filter(function (t) { return types.indexOf(t) >= 0; }).length > 0;
      if (el.tagName === "INPUT") { el.required = needs; el.setAttribute("aria-required", needs ? "true" : "false"); }
      else { el.hidden = !needs; if (needs) el.textContent = "(" + el.getAttribute("data-short") + ")"; }
    });
  }
  document.addEventListener("change", function (e) {
    if (e.target.name === "Form.Classification" || e.target.name === "Form.Contents") update();
  });
  update();
})();
