// The press room's wall screen: a clock in Vietnam time, and the figures from the server-sent events applied in place
// (textContent only: nothing received is ever read as HTML). The browser's EventSource reconnects by itself after a
// dropped stream; after a refused one (the server down, a 429) this retries every few seconds. A "revoked" event ends it.
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-events");
  if (!url) return;

  var zone = "Asia/Ho_Chi_Minh";
  var time = new Intl.DateTimeFormat("vi-VN", { timeZone: zone, hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  var date = new Intl.DateTimeFormat("vi-VN", { timeZone: zone, weekday: "long", day: "2-digit", month: "2-digit", year: "numeric" });
  function tick() {
    var now = new Date();
    document.getElementById("clock-time").textContent = time.format(now);
    document.getElementById("clock-date").textContent = date.format(now);
  }
  tick();
  setInterval(tick, 1000);

  var live = document.getElementById("live");
  function state(ok) {
    live.setAttribute("data-state", ok ? "live" : "reconnecting");
    document.getElementById("live-vi").textContent = ok ? "Trực tiếp" : "Đang kết nối lại…";
    document.getElementById("live-en").textContent = ok ? "Live" : "Reconnecting…";
  }

  function setNumber(el, value) {
    var text = String(value);
    if (el.textContent === text) return;
    el.textContent = text;
    el.classList.remove("bump");
    void el.offsetWidth; // restart the highlight
    el.classList.add("bump");
  }

  function cell(tag, text) {
    var c = document.createElement(tag);
    c.textContent = text;
    return c;
  }

  function rows(key, list) {
    var tbody = document.querySelector('tbody[data-rows="' + key + '"]');
    if (!tbody) return;
    var old = {};
    Array.prototype.forEach.call(tbody.rows, function (tr) { old[tr.getAttribute("data-name") || tr.cells[0].firstChild.textContent] = tr; });
    var fresh = document.createDocumentFragment();
    list.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-name", r.vi);
      var th = document.createElement("th");
      th.scope = "row";
      var vi = cell("span", r.vi); vi.className = "vi";
      th.appendChild(vi);
      if (r.en !== r.vi) { var en = cell("span", r.en); en.className = "en"; en.lang = "en"; th.appendChild(en); }
      tr.appendChild(th);
      var prev = old[r.vi];
      [r.receivedToday, r.received, r.resolved, r.open].forEach(function (n, i) {
        var td = cell("td", String(n));
        if (prev && prev.cells[i + 1] && prev.cells[i + 1].textContent !== String(n)) td.className = "bump";
        tr.appendChild(td);
      });
      fresh.appendChild(tr);
    });
    tbody.replaceChildren(fresh);
  }

  // The situation reports: the figures' columns may change (an administrator adds one), so the head is rebuilt too.
  function reports(f) {
    var head = document.querySelector("tr[data-report-head]");
    var body = document.querySelector("tbody[data-reports]");
    if (!head || !body) return;
    while (head.cells.length > 2) head.deleteCell(2);
    f.reportColumns.forEach(function (c) {
      var th = cell("th", c.vi + (c.unit ? " (" + c.unit + ")" : ""));
      th.scope = "col";
      var en = cell("small", c.en); en.lang = "en";
      th.appendChild(en);
      head.appendChild(th);
    });
    var fresh = document.createDocumentFragment();
    f.reports.forEach(function (r) {
      var tr = document.createElement("tr");
      var th = cell("th", r.locality); th.scope = "row";
      tr.appendChild(th);
      tr.appendChild(cell("td", r.at));
      r.values.forEach(function (v) { tr.appendChild(cell("td", v)); });
      fresh.appendChild(tr);
    });
    body.replaceChildren(fresh);
    document.querySelector("[data-reports-empty]").hidden = f.reports.length > 0;
  }

  function apply(f) {
    document.querySelectorAll("[data-total]").forEach(function (el) { setNumber(el, f.totals[el.getAttribute("data-total")]); });
    document.querySelectorAll('[data-period="vi"]').forEach(function (el) { el.textContent = f.periodVi; });
    document.querySelectorAll('[data-period="en"]').forEach(function (el) { el.textContent = f.periodEn; });
    rows("types", f.types);
    rows("localities", f.localities);
    rows("severities", f.severities);
    reports(f);
    body.setAttribute("data-version", f.version);
  }

  var source = null;
  var ended = false;
  function connect() {
    source = new EventSource(url);
    source.addEventListener("open", function () { state(true); });
    source.addEventListener("figures", function (e) { state(true); apply(JSON.parse(e.data)); });
    source.addEventListener("revoked", function () {
      ended = true;
      source.close();
      document.getElementById("revoked").hidden = false;
      body.classList.add("gone");
    });
    source.addEventListener("error", function () {
      if (ended) return;
      state(false);
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
    });
  }
  connect();
})();
