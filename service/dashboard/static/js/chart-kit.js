// The athlete view's charts, drawn with Apache ECharts: configuration, formats and helpers
// shared by the chart modules. Every text comes from the page (#chart-config), so the charts
// speak the page's language.
"use strict";

window.loadwatchChartKit = (function () {
  var configNode = document.getElementById("chart-config");
  if (!configNode || typeof echarts === "undefined") {
    return null;
  }
  var cfg = JSON.parse(configNode.textContent);
  var T = cfg.texts;
  var unit = cfg.unit;
  var COLORS = {
    load: "#8fc1c6",
    acute: "#0b6670",
    chronic: "#7a4a00",
    ewmaAcute: "#1e4fbf",
    ewmaChronic: "#6a1fa3",
    ok: "#0b6670",
    caution: "#b7791f",
    warning: "#c2410c",
    urgent: "#b42318",
    band: "rgba(23, 102, 58, 0.12)",
    high: "rgba(180, 35, 24, 0.10)",
    muted: "#4f5b69"
  };
  var oneDecimal = new Intl.NumberFormat(cfg.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var twoDecimals = new Intl.NumberFormat(cfg.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var whole = new Intl.NumberFormat(cfg.locale, { maximumFractionDigits: 0 });
  var longDay = new Intl.DateTimeFormat(cfg.locale, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  var shortDay = new Intl.DateTimeFormat(cfg.locale, { day: "numeric", month: "short", timeZone: "UTC" });
  var DAY_MS = 86400000;

  var charts = {};  // drawn charts by name

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  // JSON numbers are finite; the API sends infinity as "inf" and undefined values as null.
  function finite(value) {
    return typeof value === "number" && isFinite(value) ? value : null;
  }

  function dayMs(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  }

  function withUnit(value, format) {
    return value === null || value === undefined ? T.missing : (format || oneDecimal).format(value) + " " + unit;
  }

  function signedPercent(value) {
    var rounded = Math.round(value);
    var sign = rounded > 0 ? "+" : rounded < 0 ? "−" : "±";
    return sign + whole.format(Math.abs(rounded)) + " %";
  }

  function status(id, text) {
    var node = document.querySelector('[data-status-for="' + id + '"]');
    if (!node) {
      return;
    }
    node.textContent = text || "";
    node.hidden = !text;
  }

  // Nothing to draw: the chart's place, its note and its numbers go, and only the status
  // sentence stays (no large empty box).
  function collapse(id) {
    var node = document.getElementById(id);
    if (!node) {
      return;
    }
    node.hidden = true;
    var card = node.closest("section");
    card.querySelectorAll(".chart-note, [data-table-for]").forEach(function (other) { other.hidden = true; });
    card.classList.add("chart-empty");
  }

  function pairs(days, column, scale) {
    return days.map(function (day) {
      var value = finite(day[column]);
      return [dayMs(day.date), value === null ? null : value * (scale || 1)];
    });
  }

  function timeAxis() {
    return {
      type: "time",
      min: dayMs(cfg.start),
      max: dayMs(cfg.end),
      axisLabel: { hideOverlap: true, formatter: function (value) { return shortDay.format(value); } },
      axisPointer: { label: { formatter: function (p) { return longDay.format(p.value); } } }
    };
  }

  // A narrow chart (a phone) gets fewer labels and no dates beside the zoom slider's handles.
  function narrow(id) {
    var node = document.getElementById(id);
    return !node || node.clientWidth < 600;
  }

  // Axis names sit above their axis and grow inwards, so a long name is never cut at the edge.
  function axisName(side) {
    return { nameLocation: "end", nameGap: 10,
      nameTextStyle: { color: COLORS.muted, align: side === "right" ? "right" : "left" } };
  }

  function baseOption(extra) {
    var option = {
      useUTC: true,
      animationDuration: 300,
      aria: { enabled: true },
      grid: { left: 8, right: 16, top: 36, bottom: 48, containLabel: true },
      legend: { show: false },  // the legend is drawn in the page, above the chart (see draw)
      tooltip: {
        trigger: "axis",
        confine: true,
        axisPointer: { type: "line" },
        valueFormatter: function (value) { return withUnit(finite(value)); }
      },
      dataZoom: [
        { type: "inside", xAxisIndex: 0, filterMode: "none" },
        { type: "slider", xAxisIndex: 0, height: 20, bottom: 8, filterMode: "none",
          labelFormatter: function (value) { return shortDay.format(value); } }
      ]
    };
    option = Object.assign(option, extra);
    [].concat(option.yAxis || []).forEach(function (axis, index) {
      if (axis.name) { Object.assign(axis, axisName(index === 0 ? "left" : "right"), axis); }
    });
    return option;
  }

  function valueOf(item) {
    var value = Array.isArray(item) ? item[1] : item && item.value !== undefined ? item.value : item;
    return Array.isArray(value) ? value[1] : value;
  }

  function pointsOf(series) {
    return series.data.filter(function (item) {
      var value = valueOf(item);
      return value !== null && value !== undefined;
    }).length;
  }

  // The legend as a list in the page: it wraps on a phone instead of being cut off, and names
  // only the series that have something to draw. Each entry shows or hides its series.
  function legend(id, chart, series) {
    var node = document.getElementById(id);
    var list = document.createElement("ul");
    list.className = "chart-legend";
    list.dataset.legendFor = id;
    series.forEach(function (one) {
      var color = (one.itemStyle && one.itemStyle.color) || COLORS.muted;
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("aria-pressed", "true");
      var swatch = document.createElement("span");
      swatch.className = "swatch " + (one.type === "line" ? "line" : one.type === "scatter" ? "dot" : "bar");
      swatch.style.backgroundColor = color;
      swatch.style.borderColor = color;
      if (one.lineStyle && one.lineStyle.type && one.lineStyle.type !== "solid") { swatch.classList.add("dashed"); }
      button.appendChild(swatch);
      button.appendChild(document.createTextNode(one.name));
      button.addEventListener("click", function () {
        chart.dispatchAction({ type: "legendToggleSelect", name: one.name });
        button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    node.parentNode.insertBefore(list, node);
  }

  // Draws the chart with only the series that have data; a series without any is left out of
  // the chart and its legend.
  function draw(id, option) {
    var node = document.getElementById(id);
    var drawn = (option.series || []).filter(function (series) { return pointsOf(series) > 0; });
    option.series = drawn;
    if (narrow(id)) {
      [].concat(option.dataZoom || []).forEach(function (zoom) {
        if (zoom.type === "slider") { zoom.showDetail = false; }
      });
    }
    var chart = echarts.init(node, null, { locale: cfg.locale === "nl" ? "NL" : "EN", renderer: "canvas" });
    chart.setOption(option);
    var points = 0;
    drawn.forEach(function (series) { points += pointsOf(series); });
    node.dataset.points = String(points);
    if (drawn.length > 1) { legend(id, chart, drawn); }
    new ResizeObserver(function () { chart.resize(); }).observe(node);
    charts[id.replace("chart-", "")] = chart;
    return chart;
  }

  function table(id, headers, rows) {
    var holder = document.querySelector('[data-table-for="' + id + '"]');
    if (!holder || !rows.length) {
      if (holder) { holder.hidden = true; }
      return;
    }
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    var title = holder.closest("section").querySelector("h2");
    wrap.setAttribute("aria-label", title ? title.textContent : "");
    var tableNode = document.createElement("table");
    tableNode.className = "stacked labelled";  // one block per day on a phone
    var head = tableNode.createTHead().insertRow();
    headers.forEach(function (text, index) {
      var cell = document.createElement("th");
      cell.scope = "col";
      cell.textContent = text;
      if (index > 0) { cell.className = "num"; }
      head.appendChild(cell);
    });
    var body = tableNode.createTBody();
    rows.forEach(function (values) {
      var row = body.insertRow();
      values.forEach(function (text, index) {
        var cell = row.insertCell();
        cell.textContent = text;
        if (index > 0) { cell.className = "num"; cell.dataset.label = headers[index]; }
      });
    });
    wrap.appendChild(tableNode);
    holder.appendChild(wrap);
  }

  function lastRows(days, count) {
    return days.slice(Math.max(0, days.length - count)).reverse();
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Charts on the same days zoom and point together.
  function linkTimeAxes(list) {
    list.forEach(function (chart) { if (chart) { chart.group = "days"; } });
    echarts.connect("days");
  }

  return {
    cfg: cfg, T: T, unit: unit, COLORS: COLORS, DAY_MS: DAY_MS, charts: charts,
    oneDecimal: oneDecimal, twoDecimals: twoDecimals, whole: whole, longDay: longDay, shortDay: shortDay,
    fill: fill, finite: finite, dayMs: dayMs, withUnit: withUnit, signedPercent: signedPercent,
    status: status, pairs: pairs, timeAxis: timeAxis, baseOption: baseOption, draw: draw, table: table,
    narrow: narrow, collapse: collapse,
    lastRows: lastRows, escapeHtml: escapeHtml, linkTimeAxes: linkTimeAxes
  };
})();
