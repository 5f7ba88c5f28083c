// The athlete view's charts beside the load: Garmin's own figures, and the symptom check-ins.
"use strict";

window.loadwatchMoreCharts = (function () {
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
        { type: "value", name: days.length ? unit : "", min: 0, splitLine: { show: false } }],
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
      K.collapse("chart-symptoms");
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

  return { garminChart: garminChart, symptomsChart: symptomsChart };
})();
