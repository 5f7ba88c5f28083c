// The athlete view's charts, drawn with Apache ECharts from the metrics JSON of the API.
// Every text comes from the page (#chart-config), so the charts speak the page's language.
"use strict";

(function () {
  var configNode = document.getElementById("chart-config");
  if (!configNode || typeof echarts === "undefined") {
    return;
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

  // Drawn charts by name, for anyone inspecting the page (and the browser tests).
  var charts = {};
  window.loadwatchCharts = charts;

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

  function baseOption(extra) {
    var option = {
      useUTC: true,
      animationDuration: 300,
      aria: { enabled: true },
      grid: { left: 8, right: 16, top: 44, bottom: 64, containLabel: true },
      legend: { top: 0, type: "scroll", textStyle: { color: "#1b2430" } },
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
    return Object.assign(option, extra);
  }

  function draw(id, option) {
    var node = document.getElementById(id);
    var chart = echarts.init(node, null, { locale: cfg.locale === "nl" ? "NL" : "EN", renderer: "canvas" });
    chart.setOption(option);
    var points = 0;
    (option.series || []).forEach(function (series) {
      points += series.data.filter(function (item) {
        var value = Array.isArray(item) ? item[1] : item && item.value !== undefined ? item.value : item;
        value = Array.isArray(value) ? value[1] : value;
        return value !== null && value !== undefined;
      }).length;
    });
    node.dataset.points = String(points);
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
        if (index > 0) { cell.className = "num"; }
      });
    });
    wrap.appendChild(tableNode);
    holder.appendChild(wrap);
  }

  function lastRows(days, count) {
    return days.slice(Math.max(0, days.length - count)).reverse();
  }

  var SEVERITY_COLORS = { info: "#1e4fbf", caution: "#b7791f", warning: "#c2410c", referral: "#6a1fa3",
    urgent: "#b42318" };

  // Warnings as pins above the day's bar; selecting one shows its explanation and source.
  function findingMarkers(days) {
    var loadOn = {};
    days.forEach(function (day) { loadOn[day.date] = finite(day.load) || 0; });
    return {
      name: T.findings, type: "scatter", symbol: "pin", symbolSize: 26, z: 5,
      itemStyle: { color: SEVERITY_COLORS.warning },
      data: (cfg.findings || []).filter(function (f) { return f.date in loadOn; }).map(function (f) {
        return { value: [dayMs(f.date), loadOn[f.date]], finding: f,
          itemStyle: { color: SEVERITY_COLORS[f.severity] || COLORS.muted, opacity: f.open ? 1 : 0.55 } };
      }),
      tooltip: { trigger: "item", formatter: function (p) {
        var f = p.data.finding;
        return [longDay.format(p.value[0]), f.severityLabel + ": " + f.label, T.openFinding]
          .map(escapeHtml).join("<br>");
      } }
    };
  }

  function showFinding(finding) {
    var panel = document.getElementById("finding-detail");
    if (!panel) { return; }
    panel.textContent = "";
    var head = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = finding.severityLabel + ": " + finding.label;
    head.appendChild(strong);
    head.appendChild(document.createTextNode(" · " + longDay.format(dayMs(finding.date))));
    var message = document.createElement("p");
    message.textContent = finding.message;
    var source = document.createElement("p");
    source.className = "muted small";
    source.textContent = T.source + " " + finding.source;
    [head, message, source].forEach(function (node) { panel.appendChild(node); });
    panel.hidden = false;
    panel.focus();
  }

  function dailyChart(days) {
    var line = function (name, column, color, dashed, hidden) {
      return { name: name, type: "line", data: pairs(days, column), showSymbol: false, connectNulls: false,
        lineStyle: { width: 2, type: dashed ? "dashed" : "solid" }, itemStyle: { color: color } };
    };
    draw("chart-daily", baseOption({
      xAxis: timeAxis(),
      yAxis: { type: "value", name: unit, min: 0 },
      legend: { top: 0, type: "scroll", selected: (function () {
        var selected = {};
        selected[T.ewmaAcute] = false;
        selected[T.ewmaChronic] = false;
        return selected;
      })() },
      series: [
        { name: T.load, type: "bar", data: pairs(days, "load"), barMaxWidth: 10, itemStyle: { color: COLORS.load } },
        line(T.acute, "acute_7d", COLORS.acute, false),
        line(T.chronic, "chronic_28d", COLORS.chronic, true),
        line(T.ewmaAcute, "ewma_acute", COLORS.ewmaAcute, false),
        line(T.ewmaChronic, "ewma_chronic", COLORS.ewmaChronic, true),
        findingMarkers(days)
      ]
    })).on("click", function (params) {
      if (params.data && params.data.finding) { showFinding(params.data.finding); }
    });
    table("chart-daily", [T.date, T.load, T.acute, T.chronic], lastRows(days, 28).map(function (day) {
      return [longDay.format(dayMs(day.date)), withUnit(finite(day.load)), withUnit(finite(day.acute_7d)),
        withUnit(finite(day.chronic_28d))];
    }));
  }

  function garminRatio() {
    var points = (cfg.garmin || []).filter(function (g) { return finite(g.acwr) !== null; });
    if (!points.length) { return []; }
    return [{ name: T.garminRatio, type: "line", showSymbol: false, lineStyle: { width: 1.5 },
      itemStyle: { color: "#8a5a00" },
      data: points.map(function (g) { return [dayMs(g.date), g.acwr]; }) }];
  }

  function acwrChart(days) {
    var highest = 0;
    ["acwr_rolling", "acwr_ewma"].forEach(function (column) {
      days.forEach(function (day) { highest = Math.max(highest, finite(day[column]) || 0); });
    });
    (cfg.garmin || []).forEach(function (g) { highest = Math.max(highest, finite(g.acwr) || 0); });
    var top = Math.max(2, Math.ceil(highest * 10) / 10);
    var ratio = function (value) { return finite(value) === null ? T.missing : twoDecimals.format(value); };
    var areaLabel = { show: true, position: "insideTopLeft", color: COLORS.muted, fontSize: 11 };
    draw("chart-acwr", baseOption({
      xAxis: timeAxis(),
      yAxis: { type: "value", min: 0, max: top },
      tooltip: { trigger: "axis", confine: true, valueFormatter: ratio },
      legend: { top: 0, type: "scroll", selected: (function () {
        var selected = {};
        selected[T.acwrUncoupled] = false;
        return selected;
      })() },
      series: [
        { name: T.acwrRolling, type: "line", data: pairs(days, "acwr_rolling"), showSymbol: false,
          lineStyle: { width: 2 }, itemStyle: { color: COLORS.acute },
          markArea: { silent: true, label: areaLabel, data: [
            [{ name: T.band, yAxis: cfg.acwrBand[0], itemStyle: { color: COLORS.band } }, { yAxis: cfg.acwrBand[1] }],
            [{ name: T.high, yAxis: cfg.acwrHigh, itemStyle: { color: COLORS.high } }, { yAxis: top }]
          ] } },
        { name: T.acwrEwma, type: "line", data: pairs(days, "acwr_ewma"), showSymbol: false,
          lineStyle: { width: 2, type: "dashed" }, itemStyle: { color: COLORS.ewmaAcute } },
        { name: T.acwrUncoupled, type: "line", data: pairs(days, "acwr_uncoupled"), showSymbol: false,
          lineStyle: { width: 1.5, type: "dotted" }, itemStyle: { color: COLORS.ewmaChronic } }
      ].concat(garminRatio())
    }));
    table("chart-acwr", [T.date, T.acwrRolling, T.acwrEwma], lastRows(days, 28).map(function (day) {
      return [longDay.format(dayMs(day.date)), ratio(day.acwr_rolling), ratio(day.acwr_ewma)];
    }));
  }

  // Calendar weeks, Monday first, summed from the daily loads; a day without data is counted.
  function weeks(days) {
    var byStart = {};
    var order = [];
    days.forEach(function (day) {
      var ms = dayMs(day.date);
      var monday = ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
      if (!byStart[monday]) {
        byStart[monday] = { start: monday, total: 0, days: 0, missing: 0 };
        order.push(monday);
      }
      var week = byStart[monday];
      var load = finite(day.load);
      week.days += 1;
      if (load === null) { week.missing += 1; } else { week.total += load; }
    });
    return order.map(function (start, index) {
      var week = byStart[start];
      var before = index > 0 ? byStart[order[index - 1]] : null;
      var comparable = before && before.days === 7 && !before.missing && !week.missing && before.total > 0;
      week.change = comparable ? (week.total - before.total) / before.total * 100 : null;
      week.partial = week.days < 7;
      return week;
    });
  }

  function weeklyChart(days) {
    var list = weeks(days);
    var label = function (week) {
      var text = fill(T.weekOf, { day: shortDay.format(week.start) });
      return week.partial ? text + " (" + T.soFar + ")" : text;
    };
    draw("chart-weekly", baseOption({
      xAxis: { type: "category", data: list.map(function (w) { return shortDay.format(w.start); }),
        axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", name: unit, min: 0 },
      legend: { show: false },
      dataZoom: [{ type: "inside" }, { type: "slider", height: 20, bottom: 8 }],
      tooltip: { trigger: "axis", confine: true, formatter: function (params) {
        var week = list[params[0].dataIndex];
        var lines = [label(week), T.weekTotal + ": " + withUnit(week.total)];
        if (week.change !== null) { lines.push(fill(T.change, { change: signedPercent(week.change) })); }
        if (week.missing) { lines.push(week.missing + " " + T.incomplete); }
        return lines.map(escapeHtml).join("<br>");
      } },
      series: [{
        name: T.weekTotal, type: "bar", barMaxWidth: 28,
        data: list.map(function (week) {
          var rising = week.change !== null && week.change > cfg.weeklyRisePct;
          return { value: week.total, itemStyle: { color: rising ? COLORS.warning : COLORS.acute,
            opacity: week.partial ? 0.55 : 1 } };
        }),
        label: { show: true, position: "top", fontSize: 10, color: COLORS.muted, formatter: function (p) {
          var change = list[p.dataIndex].change;
          return change === null ? "" : signedPercent(change);
        } },
        labelLayout: { hideOverlap: true }
      }]
    }));
    table("chart-weekly", [T.week, T.weekTotal, T.changeHeader],
      list.slice().reverse().map(function (week) {
        return [label(week), withUnit(week.total), week.change === null ? "–" : signedPercent(week.change)];
      }));
  }

  function spikeColor(pct) {
    var bands = cfg.spikeBands;
    return pct > bands[2] ? COLORS.urgent : pct > bands[1] ? COLORS.warning : pct > bands[0] ? COLORS.caution : COLORS.ok;
  }

  // The day's longest session = longest_session_30d × (1 + session_spike_pct / 100) (DOMAIN §1.1).
  function spikeChart(days) {
    var sessions = [];
    days.forEach(function (day) {
      var longest = finite(day.longest_session_30d);
      var pct = finite(day.session_spike_pct);
      if (longest !== null && pct !== null) {
        sessions.push({ value: [dayMs(day.date), longest * (1 + pct / 100)], pct: pct, longest: longest,
          itemStyle: { color: spikeColor(pct) } });
      }
    });
    draw("chart-spikes", baseOption({
      xAxis: timeAxis(),
      yAxis: { type: "value", name: unit, min: 0 },
      tooltip: { trigger: "item", confine: true, formatter: function (p) {
        if (p.seriesIndex !== 2) {
          return escapeHtml(p.seriesName + ": " + withUnit(finite(p.value[1])));
        }
        var item = sessions[p.dataIndex];
        var verdict = item.pct > 0 ? fill(T.spikeOver, { pct: signedPercent(item.pct) }) : T.spikeUnder;
        return [longDay.format(item.value[0]), T.session + ": " + withUnit(item.value[1]),
          T.longest + ": " + withUnit(item.longest), verdict].map(escapeHtml).join("<br>");
      } },
      series: [
        { name: T.longest, type: "line", step: "end", data: pairs(days, "longest_session_30d"), showSymbol: false,
          itemStyle: { color: COLORS.muted }, lineStyle: { width: 1.5 } },
        { name: fill(T.guard, { pct: cfg.spikeGuardText }), type: "line", step: "end",
          data: pairs(days, "longest_session_30d", cfg.spikeGuard), showSymbol: false,
          itemStyle: { color: COLORS.caution }, lineStyle: { width: 1.5, type: "dashed" } },
        { name: T.session, type: "scatter", data: sessions, symbolSize: 9, itemStyle: { color: COLORS.ok } }
      ]
    }));
    if (!sessions.length) { status("chart-spikes", T.noSpikes); }
    table("chart-spikes", [T.date, T.session, T.longest, T.value], sessions.slice(-28).reverse().map(function (s) {
      return [longDay.format(s.value[0]), withUnit(s.value[1]), withUnit(s.longest), signedPercent(s.pct)];
    }));
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Garmin's figures on Garmin's scale (left axis) beside loadwatch's acute load (right axis).
  function garminChart(days) {
    var garmin = cfg.garmin || [];
    var pick = function (key) {
      return garmin.map(function (g) { return [dayMs(g.date), finite(g[key])]; });
    };
    var lineOf = function (name, key, color) {
      return { name: name, type: "line", data: pick(key), showSymbol: false, yAxisIndex: 0,
        lineStyle: { width: 2 }, itemStyle: { color: color } };
    };
    var plain = function (value) { return finite(value) === null ? T.missing : oneDecimal.format(value); };
    draw("chart-garmin", baseOption({
      xAxis: timeAxis(),
      yAxis: [{ type: "value", name: T.garminScale, min: 0 },
        { type: "value", name: unit, min: 0, splitLine: { show: false } }],
      tooltip: { trigger: "axis", confine: true, valueFormatter: plain },
      series: [
        { name: T.garminActivityLoad, type: "bar", data: pick("activity_load"), barMaxWidth: 10,
          yAxisIndex: 0, itemStyle: { color: "#c9b3e6" } },
        lineOf(T.garminAcute, "acute", COLORS.ewmaChronic),
        lineOf(T.garminChronic, "chronic", COLORS.chronic),
        { name: T.oursAcute, type: "line", data: pairs(days, "acute_7d"), showSymbol: false, yAxisIndex: 1,
          lineStyle: { width: 2, type: "dashed" }, itemStyle: { color: COLORS.acute } }
      ]
    }));
    table("chart-garmin", [T.date, T.garminActivityLoad, T.garminAcute, T.garminChronic, T.garminRatio],
      garmin.slice(-28).reverse().map(function (g) {
        return [longDay.format(dayMs(g.date)), plain(g.activity_load), plain(g.acute), plain(g.chronic),
          finite(g.acwr) === null ? T.missing : twoDecimals.format(g.acwr)];
      }));
  }

  // Check-ins on the load charts' time axis: per region the day's highest pain (0–10, left),
  // morning stiffness in minutes and the OSTRC severity (0–100, right), red flags as triangles.
  function symptomSeries(rows) {
    var regions = {};
    var stiffness = {};
    var ostrc = {};
    var flags = [];
    rows.forEach(function (row) {
      var ms = dayMs(row.date);
      var pains = [row.morning_pain, row.pain_during, row.pain_after, row.pain_week]
        .map(finite).filter(function (v) { return v !== null; });
      if (pains.length && row.region) {
        var byDay = regions[row.region] = regions[row.region] || {};
        byDay[ms] = Math.max(byDay[ms] === undefined ? 0 : byDay[ms], Math.max.apply(null, pains));
      }
      if (finite(row.morning_stiffness_min) !== null) {
        stiffness[ms] = Math.max(stiffness[ms] || 0, row.morning_stiffness_min);
      }
      if (finite(row.ostrc_severity) !== null) { ostrc[ms] = Math.max(ostrc[ms] || 0, row.ostrc_severity); }
      if (row.red_flags && row.red_flags.length) { flags.push([ms, 10]); }
    });
    var points = function (byDay) {
      return Object.keys(byDay).map(Number).sort(function (a, b) { return a - b; })
        .map(function (ms) { return [ms, byDay[ms]]; });
    };
    var palette = ["#b42318", "#1e4fbf", "#6a1fa3", "#0b6670", "#8a5a00", "#c2410c"];
    var series = Object.keys(regions).sort().map(function (region, index) {
      return { name: fill(T.painOf, { region: cfg.regions[region] || region }), type: "line",
        data: points(regions[region]), symbolSize: 6, yAxisIndex: 0, lineStyle: { width: 2 },
        itemStyle: { color: palette[index % palette.length] } };
    });
    series.push({ name: T.stiffness, type: "bar", data: points(stiffness), yAxisIndex: 1, barMaxWidth: 8,
      itemStyle: { color: "#d5c4a1" } });
    series.push({ name: T.ostrc, type: "line", step: "end", data: points(ostrc), yAxisIndex: 1,
      symbolSize: 5, lineStyle: { type: "dashed", width: 1.5 }, itemStyle: { color: COLORS.muted } });
    series.push({ name: T.redFlag, type: "scatter", data: flags, symbol: "triangle", symbolSize: 14,
      yAxisIndex: 0, itemStyle: { color: COLORS.urgent } });
    return series;
  }

  function symptomsChart(rows) {
    if (!rows.length) {
      status("chart-symptoms", T.noCheckins);
      return;
    }
    status("chart-symptoms", "");
    var plain = function (value) { return finite(value) === null ? T.missing : whole.format(value); };
    draw("chart-symptoms", baseOption({
      xAxis: timeAxis(),
      yAxis: [{ type: "value", name: T.painScale, min: 0, max: 10 },
        { type: "value", name: T.otherScale, min: 0, splitLine: { show: false } }],
      tooltip: { trigger: "axis", confine: true, valueFormatter: plain },
      series: symptomSeries(rows)
    }));
    table("chart-symptoms", [T.date, T.painScale, T.stiffness, T.ostrc], rows.slice(-28).reverse().map(function (row) {
      var pains = [row.morning_pain, row.pain_during, row.pain_after, row.pain_week]
        .map(finite).filter(function (v) { return v !== null; });
      var region = row.region ? " (" + (cfg.regions[row.region] || row.region) + ")" : "";
      return [longDay.format(dayMs(row.date)) + region, pains.length ? plain(Math.max.apply(null, pains)) : "–",
        plain(row.morning_stiffness_min), plain(row.ostrc_severity)];
    }));
  }

  // Charts on the same days zoom and point together.
  function linkTimeAxes(list) {
    list.forEach(function (chart) { if (chart) { chart.group = "days"; } });
    echarts.connect("days");
  }

  function loadSymptoms() {
    if (!cfg.checkinsUrl || !document.getElementById("chart-symptoms")) {
      return Promise.resolve();
    }
    return fetch(cfg.checkinsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("check-ins answered " + response.status); }
        return response.json();
      })
      .then(function (rows) {
        symptomsChart(rows);
        linkTimeAxes([charts.symptoms]);
      })
      .catch(function (error) {
        status("chart-symptoms", T.failed);
        if (window.console) { console.error(error); }
      });
  }

  var IDS = ["chart-daily", "chart-acwr", "chart-weekly", "chart-spikes"];

  function drawAll(data) {
    var series = (data.series || []).filter(function (s) { return s.measure === cfg.measure; })[0];
    var days = series ? series.days : [];
    var empty = cfg.measure === "trimp" && !series ? T.noTrimp : T.noData;
    IDS.forEach(function (id) { status(id, days.length ? "" : empty); });
    if (!days.length) {
      return "empty";
    }
    dailyChart(days);
    acwrChart(days);
    weeklyChart(days);
    spikeChart(days);
    var linked = [charts.daily, charts.acwr, charts.spikes];
    if (document.getElementById("chart-garmin")) {
      status("chart-garmin", "");
      garminChart(days);
      linked.push(charts.garmin);
    }
    linkTimeAxes(linked);
    return "ready";
  }

  fetch(cfg.metricsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("metrics answered " + response.status); }
      return response.json();
    })
    .then(function (data) {
      var state = drawAll(data);
      return loadSymptoms().then(function () {
        document.getElementById("charts").dataset.state = state;
      });
    })
    .catch(function (error) {
      IDS.forEach(function (id) { status(id, T.failed); });
      document.getElementById("charts").dataset.state = "failed";
      if (window.console) { console.error(error); }
    });
})();
