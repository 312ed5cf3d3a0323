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

  // <form data-draft="name">: what was typed (and the form's key, so a retry is still the same submit) survives a reload
  // on a poor connection; <meta name="forget-draft"> on the page the submit led to forgets it. Files cannot be kept.
  function store() { try { return window.localStorage; } catch (e) { return null; } }
  var forget = document.querySelector("meta[name='forget-draft']");
  if (forget && store()) store().removeItem("draft:" + forget.content);
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var ls = store(), name = "draft:" + form.getAttribute("data-draft");
    if (!ls) return;
    var fields = form.querySelectorAll("input:not([type=file]):not([name=__RequestVerificationToken]), textarea, select");
    var saved = null;
    try { saved = JSON.parse(ls.getItem(name) || "null"); } catch (e) { saved = null; }
    // A page that came back with errors already holds what was sent.
    if (saved && !form.parentNode.querySelector(".errors")) {
      fields.forEach(function (f) {
        if (!(f.name in saved)) return;
        if (f.type === "radio" || f.type === "checkbox") f.checked = saved[f.name] === f.value;
        else f.value = saved[f.name];
      });
    }
    function save() {
      var d = {};
      fields.forEach(function (f) {
        if ((f.type === "radio" || f.type === "checkbox") && !f.checked) return;
        d[f.name] = f.value;
      });
      ls.setItem(name, JSON.stringify(d));
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
  });

  // <input data-remember="name">: a blank field is offered the value last sent from this phone (the officer's post).
  document.querySelectorAll("input[data-remember]").forEach(function (input) {
    var ls = store(), name = "remember:" + input.getAttribute("data-remember");
    if (!ls) return;
    if (!input.value && ls.getItem(name)) input.value = ls.getItem(name);
    if (input.form) input.form.addEventListener("submit", function () { if (input.value) ls.setItem(name, input.value); });
  });
})();
