// The locality picker (issue #12): type a name without accents ("cau giay") and get the units; an old district (2021)
// offers the wards that replaced it. One matcher, on the server (GET /localities, LocalityPicker.cs); this only asks it.
// A <select data-locality-picker="placeholder"> gets a search box that hides the options the server did not return
// (options disabled for the date stay hidden); an <input data-locality-picker> gets a list of names to choose from.
(function () {
  "use strict";
  var en = document.documentElement.lang === "en";

  function ask(q, at) {
    var url = "/localities?q=" + encodeURIComponent(q) + (at ? "&at=" + encodeURIComponent(at) : "");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; });
  }

  function dateFor() {
    var at = document.querySelector("[data-units-date]");
    return at && at.value ? at.value.substring(0, 10) : "";
  }

  function later(fn) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, 150); };
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-locality-picker]"), function (sel) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "locality-search";
    box.placeholder = sel.getAttribute("data-locality-picker") || "";
    box.setAttribute("aria-label", box.placeholder);
    box.setAttribute("aria-controls", sel.id);
    box.setAttribute("data-locality-search", "");
    sel.parentNode.insertBefore(box, sel);
    box.addEventListener("input", later(function () {
      var q = box.value.trim();
      if (!q) {
        Array.prototype.forEach.call(sel.options, function (o) { o.hidden = o.disabled; });
        return;
      }
      ask(q, dateFor()).then(function (found) {
        var codes = {};
        found.forEach(function (u) { codes[u.code] = true; });
        var first = null;
        Array.prototype.forEach.call(sel.options, function (o) {
          if (!o.value) return;
          var shown = !!codes[o.value] && !o.disabled;
          o.hidden = !shown;
          if (shown && !first) first = o;
        });
        var current = sel.options[sel.selectedIndex];
        if (first && (!current || !current.value || current.hidden)) sel.value = first.value;
        sel.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }));
  });

  Array.prototype.forEach.call(document.querySelectorAll("input[data-locality-picker]"), function (input) {
    input.removeAttribute("list"); // the browser's own list matches accents exactly; this one does not
    var list = document.createElement("ul");
    list.className = "locality-suggestions";
    list.id = (input.id || "locality") + "-suggestions";
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    input.parentNode.insertBefore(list, input.nextSibling);
    input.addEventListener("input", later(function () {
      var q = input.value.trim();
      list.textContent = "";
      if (!q) { list.hidden = true; return; }
      var today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().substring(0, 10); // Vietnam's date (UTC+7)
      ask(q, today).then(function (found) {
        list.textContent = "";
        found.forEach(function (u) {
          var li = document.createElement("li");
          var b = document.createElement("button");
          b.type = "button";
          b.textContent = u.name + (u.via ? (en ? " (replaces " : " (thay cho ") + u.via + ")" : "");
          b.setAttribute("data-code", u.code);
          b.addEventListener("click", function () { input.value = u.name; list.hidden = true; input.focus(); });
          li.appendChild(b);
          list.appendChild(li);
        });
        list.hidden = found.length === 0;
      });
    }));
  });
})();
