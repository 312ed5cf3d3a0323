// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  var en = document.documentElement.lang === "en";

  function span(ms) {
    var s = Math.floor(Math.abs(ms) / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
        m = Math.floor(s % 3600 / 60), sec = s % 60;
    var u = en ? ["d", "h", "min", "s"] : ["ngày", "giờ", "phút", "giây"];
    if (d > 0) return d + " " + u[0] + " " + h + " " + u[1];
    if (h > 0) return h + " " + u[1] + " " + m + " " + u[2];
    return m + " " + u[2] + " " + sec + " " + u[3];
  }

  // <span class="countdown" data-due="ISO">: live time left, or how late.
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      var left = Date.parse(el.getAttribute("data-due")) - now;
      el.textContent = left >= 0 ? (en ? span(left) + " left" : "còn " + span(left))
                                 : (en ? "overdue by " + span(left) : "quá hạn " + span(left));
      el.classList.toggle("late", left < 0);
    });
  }
  if (document.querySelector(".countdown[data-due]")) { tick(); setInterval(tick, 1000); }

  // Locality options carry data-from/data-to (yyyy-mm-dd); hide those not valid on the received date.
  function filterUnits() {
    var at = document.querySelector("[data-units-date]");
    var sel = document.querySelector("select[data-units]");
    if (!at || !sel || !at.value) return;
    var day = at.value.substring(0, 10);
    Array.prototype.forEach.call(sel.options, function (o) {
      if (!o.value) return;
      var f = o.getAttribute("data-from"), t = o.getAttribute("data-to");
      var ok = (!f || f <= day) && (!t || t >= day);
      o.hidden = !ok; o.disabled = !ok;
      if (!ok && o.selected) sel.value = "";
    });
  }
  var unitsDate = document.querySelector("[data-units-date]");
  if (unitsDate) { unitsDate.addEventListener("change", filterUnits); filterUnits(); }

  // Case fields per type: show the fieldset of the chosen type(s).
  function showTypeFields() {
    var chosen = [];
    document.querySelectorAll("input[name='Form.Classification']:checked, input[name='Form.Contents']:checked").forEach(function (i) { chosen.push(i.value); });
    var mixed = chosen.indexOf("mixed") >= 0;
    document.querySelectorAll("[data-for-type]").forEach(function (fs) {
      fs.hidden = chosen.indexOf(fs.getAttribute("data-for-type")) < 0;
    });
    var contents = document.getElementById("contents");
    if (contents) contents.hidden = !mixed;
  }
  if (document.querySelector("input[name='Form.Classification']")) {
    document.querySelectorAll("input[name='Form.Classification'], input[name='Form.Contents']").forEach(function (i) { i.addEventListener("change", showTypeFields); });
    showTypeFields();
  }

  // Queue: a checkbox that selects every row.
  var all = document.getElementById("select-all");
  if (all) all.addEventListener("change", function () {
    document.querySelectorAll("input[name='Selected']").forEach(function (c) { c.checked = all.checked; });
  });
})();
