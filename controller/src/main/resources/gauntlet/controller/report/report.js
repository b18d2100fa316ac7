// Draws report.html's charts with uPlot from the chart specs ReportCharts embeds as JSON.
// Every figure comes from the page itself: nothing is fetched.
(function () {
  "use strict";
  var specs = JSON.parse(document.getElementById("gauntlet-charts").textContent);
  var charts = [];
  var HEIGHT = 260;

  function trim(text) {
    return text.indexOf(".") < 0 ? text : text.replace(/0+$/, "").replace(/\.$/, "");
  }

  // "90%", "99%", "99.9%" for HdrHistogram's 1/(1-p) axis.
  function percentileLabel(x) {
    if (x == null) { return ""; }
    var p = 100 * (1 - 1 / x);
    if (p <= 0) { return "0%"; }
    var decimals = Math.max(0, Math.ceil(-Math.log10(100 - p) + 1e-9) + 1);
    return trim(p.toFixed(Math.min(6, decimals))) + "%";
  }

  // uPlot hands null for ticks it leaves unlabelled (too close together).
  function compact(v) {
    if (v == null) { return ""; }
    var a = Math.abs(v);
    if (a >= 1e9) { return trim((v / 1e9).toFixed(2)) + "G"; }
    if (a >= 1e6) { return trim((v / 1e6).toFixed(2)) + "M"; }
    if (a >= 1e4) { return trim((v / 1e3).toFixed(1)) + "k"; }
    if (a >= 100 || v === Math.round(v)) { return String(Math.round(v)); }
    if (a >= 1) { return trim(v.toFixed(2)); }
    return trim(v.toPrecision(2));
  }

  var exact = {
    rps: function (v) { return Math.round(v).toLocaleString("en-US") + " req/s"; },
    ms: function (v) { return v.toFixed(3) + " ms"; },
    pct: function (v) { return v.toFixed(1) + " %"; },
    mib: function (v) { return v.toFixed(1) + " MiB"; },
    count: function (v) { return Math.round(v).toLocaleString("en-US") + "/s"; }
  };

  function xLabel(spec, x) {
    return spec.kind === "percentile" ? "percentile " + percentileLabel(x) : "second " + x;
  }

  // A box beside the cursor with the x value and every visible series' exact value there.
  function tooltipPlugin(spec) {
    var box;
    return {
      hooks: {
        init: function (u) {
          box = document.createElement("div");
          box.className = "tip";
          box.style.display = "none";
          u.over.appendChild(box);
          u.over.addEventListener("mouseleave", function () { box.style.display = "none"; });
        },
        setCursor: function (u) {
          var idx = u.cursor.idx;
          if (idx == null || u.cursor.left < 0) { box.style.display = "none"; return; }
          var rows = ["<div class=\"tip-x\">" + xLabel(spec, u.data[0][idx]) + "</div>"];
          for (var i = 1; i < u.series.length; i++) {
            var s = u.series[i];
            if (!s.show) { continue; }
            var v = u.data[i][idx];
            rows.push("<div><span class=\"swatch\" style=\"background:" + spec.series[i - 1].color + "\"></span>"
              + s.label + ": <b>" + (v == null ? "—" : exact[spec.unit](v)) + "</b></div>");
          }
          box.innerHTML = rows.join("");
          box.style.display = "block";
          var left = u.cursor.left + 14, top = u.cursor.top + 14;
          if (left + box.offsetWidth > u.over.clientWidth) { left = u.cursor.left - box.offsetWidth - 14; }
          if (top + box.offsetHeight > u.over.clientHeight) { top = Math.max(0, u.cursor.top - box.offsetHeight - 14); }
          box.style.left = Math.max(0, left) + "px";
          box.style.top = top + "px";
        }
      }
    };
  }

  function logSplits(min, max) {
    var splits = [];
    for (var e = Math.floor(Math.log10(min)); Math.pow(10, e) <= max * 1.0001; e++) {
      var p = Math.pow(10, e);
      [1, 2, 5].forEach(function (m) {
        var v = m * p;
        if (v >= min * 0.9999 && v <= max * 1.0001) { splits.push(v); }
      });
    }
    return splits;
  }

  function options(spec, width) {
    var percentile = spec.kind === "percentile";
    var x = percentile
      ? { distr: 3, log: 10, time: false }
      : { time: false };
    var y = spec.yLog ? { distr: 3, log: 10 } : { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } };
    var xAxis = { label: spec.xLabel, labelSize: 20, size: 40, stroke: "#333", grid: { stroke: "#eceef2" } };
    if (!percentile) {
      // Whole seconds only: a tick at 2.5 s would name no interval.
      xAxis.incrs = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
    }
    if (percentile) {
      xAxis.splits = function (u, ai, min, max) {
        var s = [];
        for (var p = 1; p <= max * 1.0001; p *= 10) { if (p >= min * 0.9999) { s.push(p); } }
        if (2 >= min && 2 <= max && s.indexOf(2) < 0) { s.push(2); s.sort(function (a, b) { return a - b; }); }
        return s;
      };
      xAxis.values = function (u, splits) { return splits.map(percentileLabel); };
    }
    var yAxis = { label: spec.yLabel, labelSize: 20, size: 58, stroke: "#333", grid: { stroke: "#eceef2" },
      values: function (u, splits) { return splits.map(compact); } };
    if (spec.yLog) {
      yAxis.splits = function (u, ai, min, max) { return logSplits(min, max); };
    }
    var series = [{ label: percentile ? "percentile" : "second",
      value: function (u, v) { return v == null ? "—" : xLabel(spec, v); } }];
    spec.series.forEach(function (s) {
      series.push({
        label: s.label, stroke: s.color, width: s.width, dash: s.dash ? [6, 4] : undefined,
        spanGaps: percentile, points: { show: false },
        value: function (u, v) { return v == null ? "—" : exact[spec.unit](v); }
      });
    });
    return {
      width: width, height: HEIGHT, title: spec.title,
      scales: { x: x, y: y },
      axes: [xAxis, yAxis],
      series: series,
      legend: { live: false },
      cursor: { drag: { x: true, y: false }, points: { size: 6 } },
      plugins: [tooltipPlugin(spec)]
    };
  }

  function widthOf(el) {
    return Math.max(280, Math.floor(el.getBoundingClientRect().width));
  }

  specs.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    var data = [spec.x].concat(spec.ys);
    var plot = new uPlot(options(spec, widthOf(el)), data, el);
    // For readers and tests: how many points this chart drew.
    el.setAttribute("data-points", String(spec.ys.reduce(function (n, col) {
      return n + col.filter(function (v) { return v != null; }).length;
    }, 0)));
    charts.push({ plot: plot, el: el });
  });

  // On paper two charts share a row of an A4 or Letter page (about 720 CSS pixels between margins).
  var PRINT_WIDTH = 340, PRINT_HEIGHT = 210;
  var printing = false;

  function resize() {
    charts.forEach(function (c) {
      // The percentile chart spans the row (see the page's style), on paper too.
      var wide = /-percentiles$/.test(c.el.id);
      c.plot.setSize(printing ? { width: wide ? 2 * PRINT_WIDTH : PRINT_WIDTH, height: PRINT_HEIGHT }
        : { width: widthOf(c.el), height: HEIGHT });
    });
  }
  var pending;
  window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(resize, 100); });

  // Printing: every cell's section open, charts sized to the paper's column before it is laid out.
  function beforePrint() {
    if (printing) { return; }
    printing = true;
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
    resize();
  }
  function afterPrint() {
    if (!printing) { return; }
    printing = false;
    resize();
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  if (window.matchMedia) {
    window.matchMedia("print").addEventListener("change", function (m) { if (m.matches) { beforePrint(); } else { afterPrint(); } });
  }
  document.querySelectorAll("details").forEach(function (d) {
    d.addEventListener("toggle", function () { if (d.open) { resize(); } });
  });
  document.body.setAttribute("data-charts-drawn", String(charts.length));
})();
