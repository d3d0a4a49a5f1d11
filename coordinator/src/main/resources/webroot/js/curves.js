/*
 * Stampede curves: behaviour and latency against load, shared by the dashboard and the reports
 * (run reports with stages, capacity-search reports). A classic script; defines
 * window.StampedeCurves and needs window.StampedeViews and window.echarts.
 *
 * A level (summary.json levels[], a search's levels[].figures): {load, target, unit, completed, good,
 * goodput, goodput_low, goodput_high, good_per_second, checks: [{step, check, pass_rate}], latency_ms,
 * ttft_ms, output_tokens_per_s, cost_per_good, knee}. Three charts (behaviour, latency, tokens/s and cost
 * per good conversation against load) and a table of the same figures.
 */
(function (global) {
  'use strict';
  var V = global.StampedeViews;

  function sorted(levels) {
    return (levels || []).filter(function (l) { return l; }).slice().sort(function (a, b) { return a.target - b.target; });
  }

  function kneeLine(levels, label) {
    var knee = levels.filter(function (l) { return l.knee; })[0];
    if (!knee) return undefined;
    return { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: V.COLORS.bad, width: 2 },
             label: { formatter: label || ('knee: ' + knee.load), color: V.COLORS.bad, position: 'insideEndTop' },
             data: [{ xAxis: knee.target }] };
  }

  /** Goodput (with its 95 % interval) and each check's pass rate against load, the knee marked. */
  function qualityChart(el, levels, goal) {
    var ls = sorted(levels);
    var unit = ls.length ? ls[0].unit : 'load';
    var checks = {};
    ls.forEach(function (l) { (l.checks || []).forEach(function (c) { checks[c.step + ' ' + c.check] = true; }); });
    var series = [
      { name: 'goodput', type: 'line', data: ls.map(function (l) { return [l.target, l.goodput]; }), lineStyle: { width: 3 },
        itemStyle: { color: V.COLORS.ok }, markLine: kneeLine(ls) },
      { name: 'goodput 95% low', type: 'line', data: ls.map(function (l) { return [l.target, l.goodput_low]; }),
        lineStyle: { width: 1, type: 'dotted' }, itemStyle: { color: V.COLORS.ok }, showSymbol: false },
      { name: 'goodput 95% high', type: 'line', data: ls.map(function (l) { return [l.target, l.goodput_high]; }),
        lineStyle: { width: 1, type: 'dotted' }, itemStyle: { color: V.COLORS.ok }, showSymbol: false }
    ];
    Object.keys(checks).forEach(function (name) {
      series.push({ name: name + ' pass rate', type: 'line', data: ls.map(function (l) {
        var c = (l.checks || []).filter(function (x) { return x.step + ' ' + x.check === name; })[0];
        return [l.target, c ? c.pass_rate : null];
      }) });
    });
    if (goal != null && series.length) {
      series[0].markArea = undefined;
      series.push({ name: 'goal', type: 'line', data: ls.map(function (l) { return [l.target, goal]; }), showSymbol: false,
                    lineStyle: { type: 'dashed', color: V.COLORS.idle }, itemStyle: { color: V.COLORS.idle } });
    }
    return V.chart(el, {
      grid: { left: 56, right: 24, top: 56, bottom: 44 }, tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      xAxis: { type: 'value', name: unit, nameLocation: 'middle', nameGap: 26, scale: true },
      yAxis: { type: 'value', name: '%', max: 100, scale: true },
      series: series
    });
  }

  /** p50/p95 latency and p95 TTFT against load (ms), the same knee marked. */
  function latencyChart(el, levels) {
    var ls = sorted(levels);
    var unit = ls.length ? ls[0].unit : 'load';
    function at(f) { return ls.map(function (l) { return [l.target, f(l)]; }); }
    var series = [
      { name: 'p50 latency', type: 'line', data: at(function (l) { return l.latency_ms ? l.latency_ms.p50 : null; }), markLine: kneeLine(ls) },
      { name: 'p95 latency', type: 'line', data: at(function (l) { return l.latency_ms ? l.latency_ms.p95 : null; }) }
    ];
    if (ls.some(function (l) { return l.ttft_ms; })) {
      series.push({ name: 'p95 TTFT', type: 'line', data: at(function (l) { return l.ttft_ms ? l.ttft_ms.p95 : null; }) });
    }
    return V.chart(el, {
      grid: { left: 64, right: 24, top: 40, bottom: 44 }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      xAxis: { type: 'value', name: unit, nameLocation: 'middle', nameGap: 26, scale: true },
      yAxis: { type: 'value', name: 'ms', axisLabel: { formatter: function (v) { return V.ms(v); } } },
      series: series
    });
  }

  /**
   * Output tokens/s (left axis) and cost per good conversation (right axis) against load, the knee
   * marked: throughput that flattens while cost per good rises is the agent's capacity spent on
   * conversations that did not count. No cost line without pricing.
   */
  function costChart(el, levels) {
    var ls = sorted(levels);
    var unit = ls.length ? ls[0].unit : 'load';
    var series = [
      { name: 'output tokens/s', type: 'line', yAxisIndex: 0, markLine: kneeLine(ls),
        data: ls.map(function (l) { return [l.target, l.output_tokens_per_s == null ? null : l.output_tokens_per_s]; }) }
    ];
    if (ls.some(function (l) { return l.cost_per_good != null; })) {
      series.push({ name: 'cost per good conversation', type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' },
        data: ls.map(function (l) { return [l.target, l.cost_per_good == null ? null : l.cost_per_good]; }) });
    }
    return V.chart(el, {
      grid: { left: 64, right: 72, top: 40, bottom: 44 }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      xAxis: { type: 'value', name: unit, nameLocation: 'middle', nameGap: 26, scale: true },
      yAxis: [{ type: 'value', name: 'tokens/s' },
              { type: 'value', name: '$ / good', scale: true, splitLine: { show: false },
                axisLabel: { formatter: function (v) { return '$' + Number(v).toPrecision(2); } } }],
      series: series
    });
  }

  /** One row per level: its figures, the knee and, for a search, its verdict and run. */
  function levelTable(levels, verdicts) {
    var ls = sorted(levels);
    return V.table(['load', 'conversations', 'goodput [95%]', 'good/s', 'p50', 'p95', 'TTFT p95', 'tokens/s', 'cost / good', ''],
      ls.map(function (l) {
        var v = verdicts ? verdicts[l.target] : null;
        return { attrs: l.knee ? 'class="row-knee"' : '', cells: [l.load, V.num(l.completed),
          V.pct(l.goodput) + ' [' + V.pct(l.goodput_low) + '–' + V.pct(l.goodput_high) + ']', V.num(l.good_per_second),
          V.ms(l.latency_ms ? l.latency_ms.p50 : null), V.ms(l.latency_ms ? l.latency_ms.p95 : null),
          V.ms(l.ttft_ms ? l.ttft_ms.p95 : null), V.num(l.output_tokens_per_s),
          l.cost_per_good == null ? '–' : '$' + Number(l.cost_per_good).toFixed(5),
          { html: (l.knee ? V.badge('knee', 'warn') + ' ' : '') + (v ? V.badge(v, v === 'holds' ? 'ok' : 'bad') : '') }] };
      }), { empty: 'no level' });
  }

  /** Goodput cards of a run summary: share with its interval, good/s, cost per good, why not good. */
  function goodputCards(g) {
    if (!g) return '';
    return V.cards([
      { label: 'goodput', value: V.pct(g.share), tone: g.share >= 95 ? 'ok' : g.share >= 80 ? 'warn' : 'bad', id: 'goodput',
        sub: '95%: ' + V.pct(g.share_low) + '–' + V.pct(g.share_high) + ', ' + V.num(g.good) + ' of ' + V.num(g.completed) },
      { label: 'good conversations/s', value: V.num(g.per_second) },
      { label: 'time to resolution p95', value: V.ms(g.time_to_resolution_ms ? g.time_to_resolution_ms.p95 : null),
        sub: 'p50 ' + V.ms(g.time_to_resolution_ms ? g.time_to_resolution_ms.p50 : null) },
      { label: 'cost per good conversation', value: g.cost_per_good == null ? 'no pricing' : '$' + Number(g.cost_per_good).toFixed(5) }
    ]);
  }

  function reasonTable(g) {
    return V.table(['why not good', 'conversations'], ((g && g.reasons) || []).map(function (r) { return [r.reason, V.num(r.count)]; }),
      { empty: 'every conversation was good' });
  }

  function passKTable(p) {
    if (!p) return '';
    var rows = [['conversation', V.num(p.tasks), V.pct(p.pass_k), p.curve.map(function (v) { return V.pct(v); }).join(' · ')]];
    (p.steps || []).forEach(function (s) {
      rows.push(['step ' + s.step, V.num(s.tasks), V.pct(s.pass_k), s.curve.map(function (v) { return V.pct(v); }).join(' · ')]);
    });
    return V.table(['', 'tasks', 'pass^' + p.k, 'pass^1 … pass^' + p.k], rows);
  }

  global.StampedeCurves = { qualityChart: qualityChart, latencyChart: latencyChart, costChart: costChart,
                            levelTable: levelTable,
                            goodputCards: goodputCards, reasonTable: reasonTable, passKTable: passKTable };
})(window);
