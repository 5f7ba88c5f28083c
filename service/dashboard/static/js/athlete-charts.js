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

  function drawAll(data) {
    var series = (data.series || []).filter(function (s) { return s.measure === cfg.measure; })[0];
    var days = series ? series.days : [];
    var empty = cfg.measure === "trimp" && !series ? T.noTrimp : T.noData;
    IDS.forEach(function (id) { status(id, days.length ? "" : empty); });
    if (!days.length) {
      return "empty";
    }
    load.dailyChart(days);
    load.acwrChart(days);
    load.weeklyChart(days);
    load.spikeChart(days);
    var linked = [charts.daily, charts.acwr, charts.spikes];
    if (document.getElementById("chart-garmin")) {
      status("chart-garmin", "");
      more.garminChart(days);
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
