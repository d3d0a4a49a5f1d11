/*
 * Stampede trend views: a scenario's figures across its runs (GET /api/trends, or the trend.json
 * a run's folder keeps), one small chart per metric, each with the band of its baseline runs
 * (low to high, and the median dashed). Shared by the dashboard's trend page and report.html's
 * trend section; a classic script like views.js (it defines window.StampedeTrends and needs
 * window.StampedeViews and window.echarts).
 *
 * The trend: {scenario, runs: [{run_id, at, verdict, tags}], baseline: {spec, run_id, runs} | null,
 *             series: [{metric, label, unit, better, values: [number|null], band: {low, median, high} | null}]}
 */
(function (global) {
  'use strict';

  var V = global.StampedeViews;
  var VERDICT_COLORS = { passed: '#2f9e5b', finished: '#3b6fd1', failed: '#d64545', aborted: '#d64545', error: '#d64545' };

  function format(value, unit) {
    if (value == null) return '–';
    if (unit === 'ms') return V.ms(value);
    if (unit === '%') return V.pct(value);
    if (unit === 'cost') return '$' + Number(value).toFixed(5);
    return V.num(Math.round(value * 100) / 100);
  }

  function two(n) { return String(n).padStart(2, '0'); }

  /** A run's time on the axis: to the second when the runs are within a day, else the day and minute. */
  function when(ms, withinDay) {
    var d = new Date(ms);
    var time = two(d.getHours()) + ':' + two(d.getMinutes());
    return withinDay ? time + ':' + two(d.getSeconds()) : (d.getMonth() + 1) + '/' + d.getDate() + ' ' + time;
  }

  /** Series that have at least one value: a metric no run has (no TTFT, no pricing) is left out. */
  function shown(trend) {
    return (trend.series || []).filter(function (s) { return s.values.some(function (v) { return v != null; }); });
  }

  /** One chart of one series; onRun(runId) is called on a click on a point. */
  function seriesChart(el, trend, s, onRun, highlight) {
    var runs = trend.runs || [];
    var withinDay = runs.length > 0 && runs[runs.length - 1].at - runs[0].at < 86400000;
    var option = {
      grid: { left: 64, right: 16, top: 28, bottom: 44 },
      title: { text: s.label, left: 0, top: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
      tooltip: {
        trigger: 'item',
        formatter: function (p) {
          var r = runs[p.dataIndex] || {};
          return V.esc(r.run_id) + '<br>' + V.esc(new Date(r.at).toLocaleString()) + '<br>' + V.esc(s.label) + ': <b>' +
            V.esc(format(p.value, s.unit)) + '</b><br>' + V.esc(r.verdict || '') + ((r.tags || []).length ? ' · ' + V.esc(r.tags.join(', ')) : '');
        }
      },
      xAxis: { type: 'category', data: runs.map(function (r) { return when(r.at, withinDay); }), axisLabel: { fontSize: 10 } },
      // rates never read above 100 %; other figures scale to their values
      yAxis: { type: 'value', scale: true, max: s.unit === '%' ? 100 : null, axisLabel: { formatter: function (v) { return format(v, s.unit); } },
               splitLine: { lineStyle: { color: V.COLORS.grid } } },
      series: [{
        name: s.label, type: 'line', data: s.values, connectNulls: true, symbolSize: 8, showAllSymbol: true, cursor: 'pointer',
        lineStyle: { width: 2, color: '#3b6fd1' },
        itemStyle: { color: function (p) {
          var r = runs[p.dataIndex] || {};
          return r.run_id === highlight ? '#1f2933' : VERDICT_COLORS[r.verdict] || '#3b6fd1';
        } },
        markArea: s.band ? { silent: true, itemStyle: { color: 'rgba(59, 111, 209, 0.10)' },
                             label: { show: true, position: 'insideTopRight', fontSize: 10, color: '#616e7c' },
                             data: [[{ yAxis: s.band.low, name: 'baseline' }, { yAxis: s.band.high }]] } : undefined,
        markLine: s.band ? { silent: true, symbol: 'none', label: { show: false },
                             lineStyle: { type: 'dashed', color: '#616e7c' }, data: [{ yAxis: s.band.median }] } : undefined
      }]
    };
    var chart = V.chart(el, option);
    if (chart && onRun) {
      chart.off('click');
      chart.on('click', function (p) { var r = runs[p.dataIndex]; if (r) onRun(r.run_id); });
    }
    return chart;
  }

  /**
   * Every series with values, one chart each, into el (a grid of small charts), and a line saying
   * which runs make the band. onRun(runId) opens a run; highlight marks one run (the report's own).
   */
  function grid(el, trend, onRun, highlight) {
    var series = shown(trend);
    var base = trend.baseline;
    el.innerHTML = '<p class="hint">' + V.esc((trend.runs || []).length + ' runs of ' + trend.scenario + ', oldest first') +
      (base ? ' · band: ' + V.esc(base.runs.length + ' baseline run' + (base.runs.length === 1 ? '' : 's') + ' (' + base.spec + ')') +
        ', low to high, median dashed' : ' · no baseline runs yet') + ' · points coloured by verdict; click one to open its run</p>' +
      '<div class="trend-grid">' + series.map(function (s, i) {
        return '<div class="trend-cell"><div class="chart trend-chart" data-trend="' + i + '"></div></div>';
      }).join('') + '</div>';
    series.forEach(function (s, i) {
      seriesChart(el.querySelector('[data-trend="' + i + '"]'), trend, s, onRun, highlight);
    });
    return series.length;
  }

  global.StampedeTrends = { grid: grid, seriesChart: seriesChart, format: format, shown: shown };
})(window);
