// The danvan report page: reads the embedded data, fills the filters, draws the charts and the table,
// and shows a figure's sentence with the figure marked. Everything is local: no request leaves the page.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("danvan-data").textContent);
  var rows = data.rows;
  var MAX_ROWS = 1000; // rows drawn in the table at once; the filters narrow the rest down
  var LEVEL_COLOURS = { central: "#7b3294", province: "#c2410c", district: "#2563eb", commune: "#16a34a", "": "#9ca3af" };
  var DONATION_COLOUR = "#b45309";
  var numbers = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function label(name, values) {
    var text = data.labels[name] || name;
    return text.replace(/\{(\w+)\}/g, function (_, key) {
      return values && key in values ? values[key] : "";
    });
  }

  // Big numbers the Vietnamese way: 5 tỷ, 1,7 triệu, 500.000.
  function short(value) {
    for (var i = 0; i < data.scales.length; i++) {
      if (Math.abs(value) >= data.scales[i][0]) return numbers.format(value / data.scales[i][0]) + " " + data.scales[i][1];
    }
    return numbers.format(value);
  }

  function money(value) {
    return short(value) + " " + data.currency;
  }

  function element(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    return node;
  }

  function unique(values) {
    var seen = {};
    return values.filter(function (v) {
      if (v === null || v === undefined || v === "" || seen[v]) return false;
      seen[v] = true;
      return true;
    });
  }

  function fillSelect(id, values, names) {
    var select = document.getElementById(id);
    select.appendChild(element("option", label("all"), { value: "" }));
    values.forEach(function (v) {
      select.appendChild(element("option", names ? names[v] : v, { value: String(v) }));
    });
    select.addEventListener("change", update);
  }

  function filters() {
    return {
      place: document.getElementById("filter-place").value,
      year: document.getElementById("filter-year").value,
      kind: document.getElementById("filter-kind").value,
    };
  }

  function matches(row, f, withKind) {
    if (f.place && row.pk !== f.place) return false;
    if (f.year && String(row.y) !== f.year) return false;
    if (withKind && f.kind && row.k !== f.kind) return false;
    return true;
  }

  function yearsOf(list) {
    var years = unique(list.map(function (r) { return r.y; })).sort(function (a, b) { return a - b; });
    var unknown = list.some(function (r) { return r.y === null || r.y === undefined; });
    return { keys: years.concat(unknown ? [null] : []), names: years.map(String).concat(unknown ? [label("unknown_year")] : []) };
  }

  function sumBy(list, key, value) {
    var sums = new Map();
    list.forEach(function (r) {
      var k = key(r);
      sums.set(k, (sums.get(k) || 0) + value(r));
    });
    return sums;
  }

  var charts = {};
  function chart(id) {
    if (!charts[id]) charts[id] = echarts.init(document.getElementById(id), null, { renderer: "svg" });
    return charts[id];
  }

  function base(empty) {
    return {
      animation: false,
      title: empty ? { text: label("no_data"), left: "center", top: "middle", textStyle: { color: "#888", fontSize: 14 } } : undefined,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    };
  }

  function drawConferences(f) {
    var list = rows.filter(function (r) { return r.k === "conference" && r.w > 0 && matches(r, f, false); });
    var years = yearsOf(list);
    var levels = data.level_order.filter(function (lv) { return list.some(function (r) { return r.lv === lv; }); });
    var sums = sumBy(list, function (r) { return (r.y || "") + "|" + r.lv; }, function (r) { return r.w; });
    var option = base(list.length === 0);
    option.legend = { bottom: 0, icon: "circle", data: levels.map(function (lv) { return data.levels[lv]; }) };
    option.grid.bottom = levels.length > 3 ? 56 : 32;
    option.xAxis = { type: "category", data: years.names };
    option.yAxis = { type: "value", minInterval: 1, axisLabel: { formatter: short } };
    option.tooltip.valueFormatter = function (v) { return v === null || v === undefined ? "" : numbers.format(v); };
    option.series = levels.map(function (lv) {
      return {
        name: data.levels[lv], type: "bar", stack: "levels", barMaxWidth: 64, itemStyle: { color: LEVEL_COLOURS[lv] },
        data: years.keys.map(function (y) { return sums.get((y || "") + "|" + lv) || null; }),
      };
    });
    chart("chart-conferences").setOption(option, true);
  }

  function drawDonations(f) {
    var list = rows.filter(function (r) { return r.k === "donation" && r.v > 0 && matches(r, f, false); });
    var years = yearsOf(list);
    var byYear = sumBy(list, function (r) { return r.y || null; }, function (r) { return r.v; });
    var option = base(list.length === 0);
    option.xAxis = { type: "category", data: years.names };
    option.yAxis = { type: "value", axisLabel: { formatter: short } };
    option.tooltip.valueFormatter = money;
    option.series = [{ name: label("value"), type: "bar", barMaxWidth: 64, itemStyle: { color: DONATION_COLOUR },
      data: years.keys.map(function (y) { return byYear.get(y) || null; }) }];
    chart("chart-donations-year").setOption(option, true);

    var given = list.filter(function (r) { return r.don; });
    var byDonor = Array.from(sumBy(given, function (r) { return r.don; }, function (r) { return r.v; }).entries());
    byDonor.sort(function (a, b) { return b[1] - a[1]; });
    byDonor = byDonor.slice(0, 10);
    var donors = base(byDonor.length === 0);
    donors.xAxis = { type: "value", axisLabel: { formatter: short } };
    donors.yAxis = { type: "category", inverse: true, data: byDonor.map(function (d) { return d[0]; }),
      axisLabel: { width: 180, overflow: "truncate" } };
    donors.tooltip.valueFormatter = money;
    donors.series = [{ name: label("value"), type: "bar", barMaxWidth: 32, itemStyle: { color: DONATION_COLOUR },
      data: byDonor.map(function (d) { return d[1]; }) }];
    chart("chart-donors").setOption(donors, true);
  }

  function drawTable(f) {
    var body = document.getElementById("rows");
    body.textContent = "";
    var shown = 0, total = 0;
    rows.forEach(function (r, i) {
      if (!matches(r, f, true)) return;
      total += 1;
      if (shown >= MAX_ROWS) return;
      shown += 1;
      var source = data.articles[r.d];
      var tr = element("tr", null, { id: "row-" + i, "data-kind": r.k });
      tr.appendChild(element("td", source.split("/").pop(), { title: source }));
      tr.appendChild(element("td", data.kinds[r.k]));
      tr.appendChild(element("td", r.t, { class: "value" }));
      tr.appendChild(element("td", r.k === "conference" ? data.levels[r.lv] : ""));
      tr.appendChild(element("td", r.y || ""));
      tr.appendChild(element("td", r.p || ""));
      var cell = element("td");
      cell.appendChild(element("a", label("sentence") + " ›", { href: "#f-" + i }));
      tr.appendChild(cell);
      tr.addEventListener("click", function () { location.hash = "f-" + i; });
      body.appendChild(tr);
    });
    document.getElementById("shown").textContent = label("shown", { n: numbers.format(shown), total: numbers.format(total) });
    showContext();
  }

  function showContext() {
    var match = /^#f-(\d+)$/.exec(location.hash);
    var row = match ? rows[Number(match[1])] : null;
    var quote = document.getElementById("context-text");
    var source = document.getElementById("context-source");
    document.querySelectorAll("tr.selected").forEach(function (tr) { tr.classList.remove("selected"); });
    quote.textContent = "";
    if (!row) {
      source.textContent = label("context_hint");
      return;
    }
    var tr = document.getElementById("row-" + match[1]);
    if (tr) tr.classList.add("selected");
    source.textContent = data.articles[row.d] + " · " + data.kinds[row.k] + " · " + row.t;
    var text = data.sentences[row.s];
    var at = 0;
    row.h.slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (span) {
      if (span[0] < at) return;
      quote.appendChild(document.createTextNode(text.slice(at, span[0])));
      quote.appendChild(element("mark", text.slice(span[0], span[1])));
      at = span[1];
    });
    quote.appendChild(document.createTextNode(text.slice(at)));
  }

  function update() {
    var f = filters();
    drawConferences(f);
    drawDonations(f);
    drawTable(f);
  }

  document.querySelectorAll("[data-label]").forEach(function (node) {
    node.textContent = label(node.getAttribute("data-label"));
  });
  var donations = rows.filter(function (r) { return r.k === "donation"; }).length;
  document.getElementById("counts").textContent = label("page_counts", {
    articles: numbers.format(data.articles.length),
    figures: numbers.format(rows.length - donations),
    donations: numbers.format(donations),
  });
  fillSelect("filter-place", unique(rows.map(function (r) { return r.pk; })).sort(function (a, b) { return a.localeCompare(b, "vi"); }));
  fillSelect("filter-year", unique(rows.map(function (r) { return r.y; })).sort(function (a, b) { return a - b; }));
  fillSelect("filter-kind", unique(rows.map(function (r) { return r.k; })), data.kinds);
  window.addEventListener("hashchange", showContext);
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });
  update();
  document.body.setAttribute("data-ready", "true");
})();
