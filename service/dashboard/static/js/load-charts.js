// The load charts of the athlete view: daily load with warnings, the ratio with its context
// bands, weekly totals with their change, and single-session spikes.
"use strict";

window.loadwatchLoadCharts = (function () {
  var K = window.loadwatchChartKit;
  if (!K) {
    return null;
  }
  var cfg = K.cfg, T = K.T, unit = K.unit, COLORS = K.COLORS, DAY_MS = K.DAY_MS;
  var oneDecimal = K.oneDecimal, twoDecimals = K.twoDecimals, whole = K.whole;
  var longDay = K.longDay, shortDay = K.shortDay;
  var fill = K.fill, finite = K.finite, dayMs = K.dayMs, withUnit = K.withUnit;
  var signedPercent = K.signedPercent, status = K.status, pairs = K.pairs, timeAxis = K.timeAxis;
  var baseOption = K.baseOption, draw = K.draw, table = K.table, lastRows = K.lastRows;
  var escapeHtml = K.escapeHtml;

  var SEVERITY_COLORS = { info: "#1e4fbf", caution: "#b7791f", warning: "#c2410c", referral: "#6a1fa3",
    urgent: "#b42318" };

  var RANK = { info: 1, caution: 2, warning: 3, referral: 4, urgent: 5 };

  function mondayOf(ms) {
    return ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
  }

  var PIN_SPACING = 24;  // px: pins closer than this would be drawn over each other

  // Warnings of the same day share one pin. Where a day is narrower than a pin (a long period,
  // a phone) the warnings of a week, or of as many weeks as a pin needs, share one, drawn in the
  // middle of those days, and pins that would still touch are joined. A pin has the colour of
  // its most severe warning and, when it holds more than one, their number; it stands as high
  // as the highest bar among their days.
  function pinGroups(days) {
    var loadOn = {};
    days.forEach(function (day) { loadOn[day.date] = finite(day.load) || 0; });
    var end = dayMs(cfg.end);
    var axisDays = (end - dayMs(cfg.start)) / DAY_MS + 1;
    var perDay = (document.getElementById("chart-daily").clientWidth - 60) / axisDays;  // less the axis
    var span = perDay >= PIN_SPACING ? 1 : 7 * Math.ceil(PIN_SPACING / (perDay * 7));
    var origin = mondayOf(dayMs(cfg.start));
    var groups = {};
    (cfg.findings || []).filter(function (f) { return f.date in loadOn; }).forEach(function (f) {
      var key = origin + Math.floor((dayMs(f.date) - origin) / (span * DAY_MS)) * span * DAY_MS;
      groups[key] = groups[key] || { first: key, last: Math.min(key + (span - 1) * DAY_MS, end), findings: [] };
      groups[key].findings.push(f);
    });
    var center = function (group) { return (group.first + group.last) / 2; };
    var pins = [];
    Object.keys(groups).map(Number).sort(function (a, b) { return a - b; }).forEach(function (key) {
      var group = groups[key];
      var before = pins[pins.length - 1];
      if (before && (center(group) - center(before)) / DAY_MS * perDay < PIN_SPACING) {
        before.last = group.last;
        before.findings = before.findings.concat(group.findings);
      } else {
        pins.push(group);
      }
    });
    return pins.map(function (group) {
      var findings = group.findings.sort(function (a, b) {
        return (RANK[b.severity] || 0) - (RANK[a.severity] || 0) || (a.date < b.date ? 1 : -1);
      });
      var height = Math.max.apply(null, findings.map(function (f) { return loadOn[f.date]; }));
      var open = findings.some(function (f) { return f.open; });
      return { value: [center(group), height], findings: findings, first: group.first, last: group.last,
        itemStyle: { color: SEVERITY_COLORS[findings[0].severity] || COLORS.muted, opacity: open ? 1 : 0.55 } };
    });
  }

  function groupTitle(group) {
    if (group.first === group.last) { return longDay.format(group.first); }
    if (group.last - group.first === 6 * DAY_MS && group.first === mondayOf(group.first)) {
      return fill(T.weekOf, { day: shortDay.format(group.first) });
    }
    return shortDay.format(group.first) + " – " + shortDay.format(group.last);
  }

  function findingMarkers(days) {
    return {
      name: T.findings, type: "scatter", symbol: "pin", symbolSize: 28, z: 5,
      itemStyle: { color: SEVERITY_COLORS.warning },
      label: { show: true, position: "inside", offset: [0, -3], color: "#fff", fontSize: 11, fontWeight: "bold",
        formatter: function (p) { return p.data.findings.length > 1 ? String(p.data.findings.length) : ""; } },
      data: pinGroups(days),
      tooltip: { trigger: "item", formatter: function (p) {
        var lines = [groupTitle(p.data)];
        p.data.findings.slice(0, 5).forEach(function (f) { lines.push(f.severityLabel + ": " + f.label); });
        if (p.data.findings.length > 5) { lines.push("…"); }
        lines.push(T.openFinding);
        return lines.map(escapeHtml).join("<br>");
      } }
    };
  }

  function findingNodes(finding) {
    var head = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = finding.severityLabel + ": " + finding.label;
    head.appendChild(strong);
    head.appendChild(document.createTextNode(" · " + longDay.format(dayMs(finding.date))));
    var message = document.createElement("p");
    message.textContent = finding.message;
    var source = document.createElement("p");
    source.className = "muted small";
    source.textContent = finding.source ? T.source + " " + finding.source : "";
    var more = document.createElement("p");
    var link = document.createElement("a");
    link.href = finding.url;
    link.className = "finding-link";
    link.textContent = T.fullExplanation;
    more.appendChild(link);
    return [head, message, source, more];
  }

  // The warnings of a pin, most severe first, each with a link to its full explanation.
  function showFindings(findings) {
    var panel = document.getElementById("finding-detail");
    if (!panel) { return; }
    panel.textContent = "";
    findings.forEach(function (finding) {
      var block = document.createElement("div");
      block.className = "finding-detail-item";
      findingNodes(finding).forEach(function (node) { block.appendChild(node); });
      panel.appendChild(block);
    });
    panel.hidden = false;
    panel.focus();
  }

  function dailyChart(days) {
    var line = function (name, column, color, dashed) {
      return { name: name, type: "line", data: pairs(days, column), showSymbol: false, connectNulls: false,
        lineStyle: { width: 2, type: dashed ? "dashed" : "solid" }, itemStyle: { color: color } };
    };
    var wide = days.length <= 70;  // up to ten weeks: a day is wide enough for a broader bar
    draw("chart-daily", baseOption({
      xAxis: timeAxis(),
      yAxis: { type: "value", name: unit, min: 0 },
      series: [
        { name: T.load, type: "bar", data: pairs(days, "load"), barMaxWidth: wide ? 18 : 10,
          itemStyle: { color: COLORS.load } },
        line(T.acute, "acute_7d", COLORS.acute, false),
        line(T.chronic, "chronic_28d", COLORS.chronic, true),
        findingMarkers(days)
      ]
    })).on("click", function (params) {
      if (params.data && params.data.findings) { showFindings(params.data.findings); }
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
      series: [
        { name: T.acwrRolling, type: "line", data: pairs(days, "acwr_rolling"), showSymbol: false,
          lineStyle: { width: 2 }, itemStyle: { color: COLORS.acute },
          markArea: { silent: true, label: areaLabel, data: [
            [{ name: T.band, yAxis: cfg.acwrBand[0], itemStyle: { color: COLORS.band } }, { yAxis: cfg.acwrBand[1] }],
            [{ name: T.high, yAxis: cfg.acwrHigh, itemStyle: { color: COLORS.high } }, { yAxis: top }]
          ] } },
        { name: T.acwrEwma, type: "line", data: pairs(days, "acwr_ewma"), showSymbol: false,
          lineStyle: { width: 2, type: "dashed" }, itemStyle: { color: COLORS.ewmaAcute } }
      ].concat(garminRatio())
    }));
    table("chart-acwr", [T.date, T.acwrRolling, T.acwrEwma], lastRows(days, 28).map(function (day) {
      return [longDay.format(dayMs(day.date)), ratio(day.acwr_rolling), ratio(day.acwr_ewma)];
    }));
  }

  // Calendar weeks, Monday first, summed from the daily loads; a day without data is counted.
  // A week with fewer than seven days (this unfinished week) has no change: it is "so far".
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
      week.partial = week.days < 7;
      week.change = comparable && !week.partial ? (week.total - before.total) / before.total * 100 : null;
      week.current = week.partial && start + 7 * DAY_MS > dayMs(cfg.end);
      return week;
    });
  }

  function weeklyChart(days) {
    var list = weeks(days);
    var label = function (week) {
      var text = fill(T.weekOf, { day: shortDay.format(week.start) });
      return week.current ? text + " (" + T.soFar + ")" : text;
    };
    var change = function (week) {
      return week.change !== null ? signedPercent(week.change) : week.current ? T.soFar : "";
    };
    // Labels thinned to what the width holds: one about every 64 px on the axis; above the bars
    // all changes when there is room, else only the rises of more than the weekly limit.
    var width = document.getElementById("chart-weekly").clientWidth || 320;
    var every = Math.max(1, Math.ceil(list.length / Math.max(2, Math.floor(width / 64))));
    var roomy = width / Math.max(list.length, 1) >= 44;
    var many = list.length > 14;
    draw("chart-weekly", baseOption({
      xAxis: { type: "category", data: list.map(function (w) { return shortDay.format(w.start); }),
        axisLabel: { interval: function (index) { return (list.length - 1 - index) % every === 0; } },
        axisTick: { alignWithLabel: true } },
      yAxis: { type: "value", name: unit, min: 0 },
      dataZoom: many ? [{ type: "inside" }, { type: "slider", height: 20, bottom: 8 }] : [],
      grid: { left: 8, right: 16, top: 36, bottom: many ? 48 : 8, containLabel: true },
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
          return { value: week.total, rising: rising, itemStyle: { color: rising ? COLORS.warning : COLORS.acute,
            opacity: week.partial ? 0.55 : 1 } };
        }),
        label: { show: true, position: "top", fontSize: 10, color: COLORS.muted, formatter: function (p) {
          return roomy || p.data.rising ? change(list[p.dataIndex]) : "";
        } },
        labelLayout: { hideOverlap: true }
      }]
    }));
    table("chart-weekly", [T.week, T.weekTotal, T.changeHeader],
      list.slice().reverse().map(function (week) {
        return [label(week), withUnit(week.total), change(week) || "–"];
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
        if (p.seriesName !== T.session) {
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

  return { dailyChart: dailyChart, acwrChart: acwrChart, weeklyChart: weeklyChart, spikeChart: spikeChart };
})();
