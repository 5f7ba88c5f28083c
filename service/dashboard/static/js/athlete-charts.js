// The athlete view: fetch the series from the metrics JSON of the API (and the check-ins where
// symptoms are shared) and draw every chart. Needs chart-kit.js, load-charts.js, more-charts.js.
"use strict";

(function () {
  var K = window.loadwatchChartKit;
  var load = window.loadwatchLoadCharts;
  var more = window.loadwatchMoreCharts;
  if (!K || !load || !more) {
    return;
  }
  var cfg = K.cfg, T = K.T, charts = K.charts, status = K.status, linkTimeAxes = K.linkTimeAxes;

  // Drawn charts by name, for anyone inspecting the page (and the browser tests).
  window.loadwatchCharts = charts;

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
        more.symptomsChart(rows);
        linkTimeAxes([charts.symptoms]);
      })
      .catch(function (error) {
        status("chart-symptoms", T.failed);
        if (window.console) { console.error(error); }
      });
  }

  var IDS = ["chart-daily", "chart-acwr", "chart-weekly", "chart-spikes"];

  // Garmin's own figures do not depend on the measure: drawn whenever Garmin sent any, with
  // loadwatch's acute load beside them when there is a series.
  function drawGarmin(days) {
    if (!document.getElementById("chart-garmin")) {
      return null;
    }
    status("chart-garmin", "");
    more.garminChart(days);
    return charts.garmin;
  }

  function drawAll(data) {
    var series = (data.series || []).filter(function (s) { return s.measure === cfg.measure; })[0];
    var days = series && !cfg.trimpNote ? series.days : [];
    IDS.forEach(function (id) { status(id, days.length ? "" : cfg.trimpNote || T.noData); });
    var linked = [drawGarmin(days)];
    if (days.length) {
      load.dailyChart(days);
      load.acwrChart(days);
      load.weeklyChart(days);
      load.spikeChart(days);
      linked = linked.concat([charts.daily, charts.acwr, charts.spikes]);
    } else {
      IDS.forEach(K.collapse);
    }
    linkTimeAxes(linked);
    return days.length ? "ready" : "empty";
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
