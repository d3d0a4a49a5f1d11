/*
 * Stampede views: the charts and panels that the live dashboard and report.html share, so a
 * finished run looks the same in both. A classic script (no modules, no build step) so the
 * report can inline it; it defines window.StampedeViews and needs window.echarts.
 *
 * Every view takes a DOM element and part of one view model, and may be called again with a
 * newer model (the dashboard does, about once a second): charts are ECharts instances kept on
 * their element and updated in place.
 *
 * The view model (times in seconds since the run's start, latencies in ms):
 *   steps:    [{name, kind, count, errors, success_rate, p50_ms, p95_ms, p99_ms, failures: [{reason, count}], samples: [event]}]
 *   nodes:    [{name, parent, count, errors, success_rate, p50_ms, p95_ms, p99_ms, tokens, failures, samples}]
 *             (parent: the node type it ran inside most often, from the agent's spans; null at the top)
 *   timeline: {t, users, requests, errors, p50, p95, p99, tokens, degraded, behind, warmup}  (arrays, one entry per
 *             second; degraded, behind, warmup: 0/1 — a lost worker's users not running again; the load generator
 *             behind; the warm-up, not in the summary)
 *   ttft:     {t, p50, p95, p99} or null                                     (streamed responses only)
 *   lanes:    [{user_id, steps: [{start, end, step, status, latency_ms, iteration, error}]}]
 *   heatmap:  {t, bands, cells: [[t index, band index, count]]}
 * An event is a sampled node-level event: {ts, user_id, iteration, step, node, name, status, latency_ms, tokens, error}.
 */
(function (global) {
  'use strict';

  var COLORS = { ok: '#2f9e5b', warn: '#d99a00', bad: '#d64545', idle: '#9aa5b1', text: '#1f2933', grid: '#e4e7eb' };
  var PALETTE = ['#3b6fd1', '#2f9e5b', '#d99a00', '#8e44ad', '#16a2b8', '#d35400', '#7f8c8d', '#c0392b', '#27ae60', '#2c3e50'];
  var animate = true;

  // ---------- formatting

  function esc(value) {
    return String(value == null ? '' : value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function ms(value) {
    if (value == null || isNaN(value)) return '–';
    if (value >= 10000) return (value / 1000).toFixed(1) + ' s';
    if (value >= 1000) return (value / 1000).toFixed(2) + ' s';
    if (value >= 100) return Math.round(value) + ' ms';
    if (value >= 10) return value.toFixed(1) + ' ms';
    return value.toFixed(2) + ' ms';
  }

  function pct(value, digits) {
    if (value == null || isNaN(value)) return '–';
    return Number(value).toFixed(digits == null ? 2 : digits) + '%';
  }

  function num(value) {
    if (value == null || isNaN(value)) return '–';
    return Number(value).toLocaleString('en-US', { maximumFractionDigits: 2 });
  }

  function seconds(value) {
    if (value == null) return '–';
    var s = Math.round(value);
    return s >= 60 ? Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's' : s + 's';
  }

  /** Green at or above 99% success, amber at or above 95%, red below; grey when nothing ran. */
  function rateColor(rate, count) {
    if (!count) return COLORS.idle;
    if (rate >= 99) return COLORS.ok;
    if (rate >= 95) return COLORS.warn;
    return COLORS.bad;
  }

  /** An HTML table; cells are escaped unless given as {html: '...'}. */
  function table(headers, rows, options) {
    options = options || {};
    var head = '<thead><tr>' + headers.map(function (h) { return '<th>' + esc(h) + '</th>'; }).join('') + '</tr></thead>';
    var body = rows.map(function (row) {
      var attrs = row.attrs ? ' ' + row.attrs : '';
      var cells = (row.cells || row).map(function (c) {
        return '<td>' + (c && typeof c === 'object' && 'html' in c ? c.html : esc(c)) + '</td>';
      }).join('');
      return '<tr' + attrs + '>' + cells + '</tr>';
    }).join('');
    if (!rows.length && options.empty) {
      body = '<tr><td class="empty" colspan="' + headers.length + '">' + esc(options.empty) + '</td></tr>';
    }
    return '<table class="grid' + (options.cls ? ' ' + options.cls : '') + '">' + head + '<tbody>' + body + '</tbody></table>';
  }

  function badge(text, kind) {
    return '<span class="badge badge-' + esc(kind) + '">' + esc(text) + '</span>';
  }

  // ---------- charts

  var charts = [];

  /** The element's chart, created once; option replaces the previous one (series come and go). */
  function chart(el, option) {
    if (!el) return null;
    var instance = global.echarts.getInstanceByDom(el);
    if (!instance) {
      instance = global.echarts.init(el, null, { renderer: 'canvas' });
      charts.push(instance);
    }
    option.animation = animate;
    instance.setOption(option, { notMerge: true, lazyUpdate: false });
    el.setAttribute('data-chart-ready', 'true');
    return instance;
  }

  global.addEventListener('resize', function () {
    charts.forEach(function (c) { if (!c.isDisposed()) c.resize(); });
  });

  function timeAxis(name) {
    return { type: 'value', name: name || 'time (s)', nameLocation: 'middle', nameGap: 24, minInterval: 1,
             axisLabel: { formatter: function (v) { return seconds(v); } }, splitLine: { lineStyle: { color: COLORS.grid } } };
  }

  function pairs(t, values) {
    var out = [];
    for (var i = 0; i < t.length; i++) out.push([t[i], values && values[i] != null ? values[i] : null]);
    return out;
  }

  function line(name, t, values, color, extra) {
    var s = { name: name, type: 'line', showSymbol: false, data: pairs(t, values), lineStyle: { width: 2 }, itemStyle: { color: color } };
    return Object.assign(s, extra || {});
  }

  /** Each run of consecutive seconds where flags[i] is set, as an ECharts markArea pair labelled in words. */
  function spans(t, flags, label, color) {
    var out = [];
    for (var i = 0; i < (flags || []).length; i++) {
      if (!flags[i]) continue;
      var from = i;
      while (i + 1 < flags.length && flags[i + 1]) i++;
      out.push([{ xAxis: t[from] - 1, name: label, itemStyle: { color: color } }, { xAxis: t[i] }]);
    }
    return out;
  }

  /**
   * Shaded bands, labelled in words (not colour alone), on the first series of a time chart:
   * the seconds a lost worker's users were not running again, and the seconds the load generator
   * itself was behind (its latencies then hold its own delay), and the warm-up (not measured).
   */
  function degradedBands(tl) {
    var bands = spans(tl.t, tl.warmup, 'warm-up', 'rgba(120, 120, 120, 0.10)')
      .concat(spans(tl.t, tl.degraded, 'worker lost', 'rgba(214, 69, 69, 0.10)'))
      .concat(spans(tl.t, tl.behind, 'generator behind', 'rgba(217, 154, 0, 0.12)'));
    return bands.length ? { silent: true, label: { color: COLORS.text, fontSize: 11 }, data: bands } : undefined;
  }

  function base(legend) {
    return {
      grid: { left: 56, right: 56, top: 36, bottom: 40 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: legend },
      textStyle: { fontFamily: 'inherit' }
    };
  }

  /** Active users, requests/s and errors/s over time. */
  function throughputChart(el, tl) {
    var option = base(['active users', 'requests/s', 'errors/s']);
    option.xAxis = timeAxis();
    option.yAxis = [{ type: 'value', name: 'per second', splitLine: { lineStyle: { color: COLORS.grid } } },
                    { type: 'value', name: 'users', splitLine: { show: false } }];
    option.series = [
      line('requests/s', tl.t, tl.requests, '#3b6fd1', { areaStyle: { opacity: 0.12 }, markArea: degradedBands(tl) }),
      { name: 'errors/s', type: 'bar', data: pairs(tl.t, tl.errors), itemStyle: { color: COLORS.bad }, barMaxWidth: 8 },
      line('active users', tl.t, tl.users, '#7f8c8d', { yAxisIndex: 1, lineStyle: { type: 'dashed', width: 2 } })
    ];
    return chart(el, option);
  }

  /** Latency percentiles over time (p50, p95, p99), each second's from merged histograms. */
  function latencyChart(el, tl, title) {
    var option = base(['p50', 'p95', 'p99']);
    if (title) option.title = { text: title, left: 'center', top: 18, textStyle: { fontSize: 12, fontWeight: 'normal' } };
    option.xAxis = timeAxis();
    option.yAxis = { type: 'value', name: 'ms', splitLine: { lineStyle: { color: COLORS.grid } } };
    option.tooltip.valueFormatter = ms;
    option.series = [line('p50', tl.t, tl.p50, '#2f9e5b', { markArea: degradedBands(tl) }), line('p95', tl.t, tl.p95, '#d99a00'),
                     line('p99', tl.t, tl.p99, '#d64545')];
    return chart(el, option);
  }

  /** Errors per second over time, with the error rate. */
  function errorsChart(el, tl) {
    var rate = tl.t.map(function (_, i) {
      var r = tl.requests[i] || 0;
      return r ? Math.round(10000 * (tl.errors[i] || 0) / r) / 100 : 0;
    });
    var option = base(['errors/s', 'error rate %']);
    option.xAxis = timeAxis();
    option.yAxis = [{ type: 'value', name: 'errors/s', minInterval: 1, splitLine: { lineStyle: { color: COLORS.grid } } },
                    { type: 'value', name: '%', max: 100, splitLine: { show: false } }];
    option.series = [
      { name: 'errors/s', type: 'bar', data: pairs(tl.t, tl.errors), itemStyle: { color: COLORS.bad }, barMaxWidth: 10 },
      line('error rate %', tl.t, rate, '#8e44ad', { yAxisIndex: 1 })
    ];
    return chart(el, option);
  }

  /** Tokens per second, and time to first token when responses were streamed. */
  function tokensChart(el, tl, ttft) {
    var legend = ['tokens/s'];
    var option = base(legend);
    option.xAxis = timeAxis();
    option.yAxis = [{ type: 'value', name: 'tokens/s', splitLine: { lineStyle: { color: COLORS.grid } } }];
    option.series = [line('tokens/s', tl.t, tl.tokens, '#16a2b8', { areaStyle: { opacity: 0.12 } })];
    if (ttft && ttft.t && ttft.t.length) {
      legend.push('TTFT p50', 'TTFT p95');
      option.yAxis.push({ type: 'value', name: 'TTFT ms', splitLine: { show: false } });
      option.series.push(line('TTFT p50', ttft.t, ttft.p50, '#2f9e5b', { yAxisIndex: 1 }));
      option.series.push(line('TTFT p95', ttft.t, ttft.p95, '#d35400', { yAxisIndex: 1 }));
    }
    return chart(el, option);
  }

  /**
   * The scenario's steps left to right in their order, each coloured by its success rate and
   * labelled with count, p95 and failures; onSelect(step) on click.
   */
  function dag(el, steps, onSelect) {
    var gap = 230;
    // Wide enough for every box at its natural size; the section scrolls sideways past the screen's width.
    el.style.minWidth = Math.max(320, steps.length * gap) + 'px';
    var nodes = steps.map(function (s, i) {
      var color = rateColor(s.success_rate, s.count);
      return {
        name: s.name, value: [i, 0], symbol: 'roundRect', symbolSize: [180, 70],
        itemStyle: { color: '#fff', borderColor: color, borderWidth: 3 },
        label: {
          show: true, color: COLORS.text, lineHeight: 16,
          formatter: '{name|' + s.name + '}\n' + num(s.count) + ' runs · p95 ' + ms(s.p95_ms) + '\n{' +
            (s.errors ? 'bad' : 'ok') + '|' + (s.errors ? num(s.errors) + ' failed' : 'no failures') + '}',
          rich: { name: { fontWeight: 'bold', fontSize: 13, lineHeight: 18 }, bad: { color: COLORS.bad }, ok: { color: COLORS.ok } }
        },
        step: s
      };
    });
    var links = [];
    for (var i = 1; i < nodes.length; i++) links.push({ source: nodes[i - 1].name, target: nodes[i].name });
    var instance = chart(el, {
      // On hidden cartesian axes, so boxes keep their pixel size whatever the number of steps.
      grid: { left: 100, right: 100, top: 10, bottom: 10 },
      xAxis: { type: 'value', show: false, min: -0.5, max: Math.max(0.5, steps.length - 0.5) },
      yAxis: { type: 'value', show: false, min: -1, max: 1 },
      tooltip: { formatter: function (p) {
        if (p.dataType !== 'node' || !p.data.step) return '';
        var s = p.data.step;
        return '<b>' + esc(s.name) + '</b> (' + esc(s.kind || 'step') + ')<br>' + num(s.count) + ' runs, ' + num(s.errors) +
          ' failed (' + pct(s.success_rate) + ' ok)<br>p50 ' + ms(s.p50_ms) + ' · p95 ' + ms(s.p95_ms) + ' · p99 ' + ms(s.p99_ms) +
          '<br><i>click for failure reasons and sample events</i>';
      } },
      series: [{
        type: 'graph', layout: 'none', coordinateSystem: 'cartesian2d', data: nodes, links: links,
        edgeSymbol: ['none', 'none'], lineStyle: { color: '#9aa5b1', width: 2, opacity: 1 },
        edgeLabel: { show: true, formatter: '\u25B6', color: '#9aa5b1', fontSize: 14, position: 'middle' },
        emphasis: { scale: false }
      }]
    });
    if (instance && onSelect) {
      instance.off('click');
      instance.on('click', function (p) { if (p.dataType === 'node' && p.data.step) onSelect(p.data.step); });
    }
    return instance;
  }

  /** Failure reasons and sample events of one step (or node). */
  function stepDetail(el, item, title) {
    if (!item) { el.innerHTML = '<p class="hint">Click a step to see its failure reasons and sample events.</p>'; return; }
    var failures = (item.failures || []).map(function (f) { return [f.reason, num(f.count)]; });
    var samples = (item.samples || []).map(eventRow);
    el.innerHTML = '<h4>' + esc(title || 'Step') + ' <code>' + esc(item.name) + '</code> ' +
      badge(pct(item.success_rate) + ' ok', item.errors ? 'bad' : 'ok') + '</h4>' +
      '<h5>Failure reasons</h5>' + table(['reason', 'count'], failures, { empty: 'no failures' }) +
      '<h5>Sample events</h5>' + table(['user', 'iteration', 'node', 'name', 'status', 'latency', 'tokens', 'error'], samples,
        { empty: 'no sampled events yet', cls: 'events' });
  }

  function eventRow(e) {
    return { attrs: 'class="' + (e.status === 'ok' ? '' : 'row-bad') + '"',
             cells: [e.user_id, e.iteration, e.node, e.name, e.status, ms(e.latency_ms), e.tokens, e.error || ''] };
  }

  /** Per node type: latency percentiles (bars) and failures (on the right axis). */
  function nodeChart(el, nodes, onSelect) {
    var names = nodes.map(function (n) { return n.name; });
    var option = base(['p50', 'p95', 'p99', 'failures']);
    option.grid.bottom = 30;
    option.xAxis = { type: 'category', data: names };
    option.yAxis = [{ type: 'value', name: 'ms', splitLine: { lineStyle: { color: COLORS.grid } } },
                    { type: 'value', name: 'failures', minInterval: 1, splitLine: { show: false } }];
    option.tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' } };
    option.series = [
      { name: 'p50', type: 'bar', data: nodes.map(function (n) { return n.p50_ms; }), itemStyle: { color: '#2f9e5b' } },
      { name: 'p95', type: 'bar', data: nodes.map(function (n) { return n.p95_ms; }), itemStyle: { color: '#d99a00' } },
      { name: 'p99', type: 'bar', data: nodes.map(function (n) { return n.p99_ms; }), itemStyle: { color: '#d64545' } },
      { name: 'failures', type: 'line', yAxisIndex: 1, data: nodes.map(function (n) { return n.errors; }), itemStyle: { color: '#8e44ad' }, symbolSize: 8 }
    ];
    var instance = chart(el, option);
    if (instance && onSelect) {
      instance.off('click');
      instance.on('click', function (p) { onSelect(nodes[p.dataIndex]); });
    }
    return instance;
  }

  /**
   * Nodes in tree order, each under the node type it ran inside most often (the summary's
   * parent, from the agent's own spans), with its depth: agent, then llm_call, then tool_call.
   * Nodes without a parent (trace arrays, or a cycle of parents) are at the top.
   */
  function nodeTree(nodes) {
    var byName = {};
    var children = {};
    var out = [];
    var seen = {};
    nodes.forEach(function (n) { byName[n.name] = n; });
    nodes.forEach(function (n) {
      if (n.parent && n.parent !== n.name && byName[n.parent]) (children[n.parent] = children[n.parent] || []).push(n);
    });
    function walk(n, depth) {
      if (seen[n.name]) return;
      seen[n.name] = true;
      out.push({ node: n, depth: depth });
      (children[n.name] || []).forEach(function (c) { walk(c, depth + 1); });
    }
    nodes.forEach(function (n) { if (!n.parent || !byName[n.parent]) walk(n, 0); });
    nodes.forEach(function (n) { walk(n, 0); });
    return out;
  }

  function nodeTable(nodes) {
    return table(['node', 'count', 'failed', 'success', 'p50', 'p95', 'p99', 'tokens', 'top failure'], nodeTree(nodes).map(function (t) {
      var n = t.node;
      var top = n.failures && n.failures.length ? n.failures[0].reason + ' (' + n.failures[0].count + ')' : '';
      var name = t.depth ? '\u00a0\u00a0\u00a0'.repeat(t.depth - 1) + '└ ' + n.name : n.name;
      return [name, num(n.count), num(n.errors), pct(n.success_rate), ms(n.p50_ms), ms(n.p95_ms), ms(n.p99_ms), num(n.tokens), top];
    }), { empty: 'no node-level trace reported by the agent (a trace array, its stream, or its OpenTelemetry spans)' });
  }

  function stepTable(steps) {
    return table(['step', 'kind', 'count', 'failed', 'success', 'p50', 'p95', 'p99', 'TTFT p95', 'tokens in/out', 'cost'],
      steps.map(function (s) {
        return [s.name, s.kind || '', num(s.count), num(s.errors), pct(s.success_rate), ms(s.p50_ms), ms(s.p95_ms), ms(s.p99_ms),
                s.ttft_p95_ms == null ? '–' : ms(s.ttft_p95_ms),
                s.input_tokens == null ? num(s.tokens) : num(s.input_tokens) + ' / ' + num(s.output_tokens),
                s.cost == null ? '–' : '$' + Number(s.cost).toFixed(4)];
      }), { empty: 'no steps yet' });
  }

  /** A sample of users, one row each, their steps as bars on the time axis (failed ones outlined red). */
  function swimlanes(el, lanes) {
    var users = lanes.map(function (l) { return 'user ' + l.user_id; });
    var stepNames = [];
    var data = [];
    lanes.forEach(function (lane, row) {
      lane.steps.forEach(function (s) {
        var k = stepNames.indexOf(s.step);
        if (k < 0) { k = stepNames.length; stepNames.push(s.step); }
        data.push({ value: [row, s.start, s.end, k, s.latency_ms], step: s, user: lane.user_id,
                    itemStyle: { color: PALETTE[k % PALETTE.length] } });
      });
    });
    el.style.height = Math.max(180, 84 + users.length * 22) + 'px';
    var option = {
      grid: { left: 80, right: 24, top: 30, bottom: 62 },
      // Long runs: drag the slider or scroll over the lanes to look at a window of time.
      dataZoom: [{ type: 'slider', xAxisIndex: 0, height: 14, bottom: 4, filterMode: 'weakFilter', showDetail: false },
                 { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' }],
      legend: { top: 0, data: stepNames.map(function (n, k) { return { name: n, itemStyle: { color: PALETTE[k % PALETTE.length] } }; }) },
      tooltip: { formatter: function (p) {
        var s = p.data.step;
        return 'user ' + esc(p.data.user) + ' · iteration ' + esc(s.iteration) + '<br><b>' + esc(s.step) + '</b> ' + esc(s.status) +
          '<br>' + seconds(s.start) + ' → ' + seconds(s.end) + ' · ' + ms(s.latency_ms) + (s.error ? '<br>' + esc(s.error) : '');
      } },
      xAxis: timeAxis(),
      yAxis: { type: 'category', data: users, inverse: true, axisTick: { show: false } },
      series: [{
        type: 'custom', encode: { x: [1, 2], y: 0 }, data: data,
        renderItem: function (params, api) {
          var row = api.value(0);
          var start = api.coord([api.value(1), row]);
          var end = api.coord([api.value(2), row]);
          var height = api.size([0, 1])[1] * 0.6;
          var rect = global.echarts.graphic.clipRectByRect(
            { x: start[0], y: start[1] - height / 2, width: Math.max(2, end[0] - start[0]), height: height },
            { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
          if (!rect) return null;
          var failed = data[params.dataIndex].step.status !== 'ok';
          return { type: 'rect', shape: rect, style: Object.assign(api.style(),
            failed ? { stroke: COLORS.bad, lineWidth: 2 } : { stroke: null }) };
        }
      }].concat(stepNames.map(function (n, k) {
        return { name: n, type: 'custom', data: [], renderItem: function () { return null; }, itemStyle: { color: PALETTE[k % PALETTE.length] } };
      }))
    };
    return chart(el, option);
  }

  /** How many steps took how long, second by second: darker is more. */
  function heatmap(el, hm) {
    var max = 1;
    hm.cells.forEach(function (c) { if (c[2] > max) max = c[2]; });
    return chart(el, {
      grid: { left: 80, right: 90, top: 16, bottom: 40 },
      tooltip: { formatter: function (p) {
        return seconds(hm.t[p.value[0]]) + ', ' + esc(hm.bands[p.value[1]]) + ': <b>' + num(p.value[2]) + '</b> steps';
      } },
      xAxis: { type: 'category', data: hm.t.map(seconds), name: 'time', nameLocation: 'middle', nameGap: 26, splitArea: { show: false } },
      yAxis: { type: 'category', data: hm.bands, name: 'latency' },
      visualMap: { min: 0, max: max, calculable: true, orient: 'vertical', right: 0, top: 'middle', itemHeight: 120,
                   inRange: { color: ['#eef4ff', '#7aa7e8', '#3b6fd1', '#d99a00', '#d64545'] } },
      series: [{ type: 'heatmap', data: hm.cells, progressive: 0 }]
    });
  }

  /** HdrHistogram's percentile plot: latency by percentile on a 1/(1-p) axis, so the tail is readable. */
  function percentileChart(el, distribution) {
    var points = distribution.rows.filter(function (r) { return r[0] < 100; }).map(function (r) {
      return [1 / (1 - r[0] / 100), r[1], r[0]];
    });
    var ticks = { 1: '0%', 2: '50%', 10: '90%', 100: '99%', 1000: '99.9%', 10000: '99.99%', 100000: '99.999%' };
    return chart(el, {
      grid: { left: 60, right: 24, top: 24, bottom: 40 },
      tooltip: { trigger: 'axis', formatter: function (p) { return p[0].value[2] + '%: <b>' + ms(p[0].value[1]) + '</b>'; } },
      xAxis: { type: 'log', logBase: 10, min: 1, name: 'percentile', nameLocation: 'middle', nameGap: 26,
               axisLabel: { formatter: function (v) { return ticks[Math.round(v)] || ''; } } },
      yAxis: { type: 'value', name: 'ms', splitLine: { lineStyle: { color: COLORS.grid } } },
      series: [{ type: 'line', step: 'end', showSymbol: false, data: points, itemStyle: { color: '#3b6fd1' }, areaStyle: { opacity: 0.08 } }]
    });
  }

  function distributionTable(distribution) {
    return table(['percentile', 'latency', 'count ≤ value'], distribution.rows.map(function (r) {
      return [r[0].toFixed(r[0] >= 99.99 ? 4 : 3) + '%', ms(r[1]), num(r[2])];
    }), { empty: 'nothing recorded', cls: 'compact' });
  }

  /** Summary cards: label, value, optional tone (ok/bad/warn). */
  function cards(items) {
    return items.map(function (c) {
      return '<div class="card' + (c.tone ? ' card-' + c.tone : '') + '"' + (c.id ? ' id="' + esc(c.id) + '"' : '') + '>' +
        '<div class="card-label">' + esc(c.label) + '</div><div class="card-value">' + esc(c.value) + '</div>' +
        (c.sub ? '<div class="card-sub">' + esc(c.sub) + '</div>' : '') + '</div>';
    }).join('');
  }

  function thresholdTable(thresholds) {
    return table(['', 'threshold', 'actual', 'verdict'], (thresholds || []).map(function (t) {
      return [{ html: badge(t.passed ? 'PASS' : 'FAIL', t.passed ? 'ok' : 'bad') }, t.metric + ' ' + t.expression,
              t.actual == null ? 'not measured' : num(t.actual), t.message];
    }), { empty: 'the scenario has no thresholds' });
  }

  /** The slices of a run: which worker ran how many users, its clock offset, how it ended. */
  function workerTable(workers) {
    return table(['worker', 'slice', 'users', 'clock offset', 'status'], (workers || []).map(function (w) {
      var users = w.users != null ? w.users : (w.user_to != null ? w.user_to - w.user_from : null);
      return { attrs: w.status === 'lost' ? 'class="row-bad"' : '',
               cells: [w.worker_id, w.slice_id, num(users), w.clock_offset_ms == null ? '–' : ms(w.clock_offset_ms), w.status] };
    }), { empty: 'no slice yet' });
  }

  /** Steps and nodes of a run summary (summary.json) in the view model's shape. */
  function fromSummary(summary) {
    function lat(p) { return p || {}; }
    return {
      steps: (summary.steps || []).map(function (s) {
        var l = lat(s.latency_ms);
        return { name: s.name, kind: s.kind, count: s.count, errors: s.errors, success_rate: s.success_rate,
                 p50_ms: l.p50, p95_ms: l.p95, p99_ms: l.p99, ttft_p95_ms: s.ttft_ms ? s.ttft_ms.p95 : null,
                 input_tokens: s.input_tokens, output_tokens: s.output_tokens, cost: s.cost, failures: s.failures || [], samples: [] };
      }),
      nodes: (summary.nodes || []).map(function (n) {
        var l = lat(n.latency_ms);
        return { name: n.name, parent: n.parent || null, count: n.count, errors: n.errors, success_rate: n.success_rate,
                 p50_ms: l.p50, p95_ms: l.p95, p99_ms: l.p99, tokens: n.tokens, failures: n.failures || [], samples: [] };
      })
    };
  }

  /** Every failure reason of a summary: steps first, then nodes, most frequent first. */
  function failureRows(summary) {
    var rows = [];
    (summary.steps || []).forEach(function (s) { (s.failures || []).forEach(function (f) { rows.push(['step', s.name, f.reason, f.count]); }); });
    (summary.nodes || []).forEach(function (n) { (n.failures || []).forEach(function (f) { rows.push(['node', n.name, f.reason, f.count]); }); });
    rows.sort(function (a, b) { return b[3] - a[3]; });
    return rows.map(function (r) { return [r[0], r[1], r[2], num(r[3])]; });
  }

  function summaryCards(s) {
    var tokens = s.tokens || {};
    return cards([
      { label: 'status', value: s.status, tone: s.status === 'done' ? 'ok' : 'bad' },
      { label: 'thresholds', value: s.thresholds_passed ? 'PASS' : 'FAIL', tone: s.thresholds_passed ? 'ok' : 'bad', id: 'verdict' },
      { label: 'users', value: num(s.users.started) + ' / ' + num(s.users.target), sub: 'started / target' },
      { label: 'conversations', value: num(s.conversations.started), sub: num(s.conversations.failed) + ' failed, ' + num(s.conversations.interrupted) + ' interrupted' },
      { label: 'success rate', value: pct(s.success_rate), tone: s.success_rate >= 99 ? 'ok' : s.success_rate >= 95 ? 'warn' : 'bad' },
      { label: 'requests', value: num(s.requests.count), sub: num(s.requests.rps) + ' req/s, ' + pct(s.requests.error_rate) + ' errors' },
      { label: 'latency p50 / p95', value: ms(s.latency_ms.p50) + ' / ' + ms(s.latency_ms.p95), sub: 'p99 ' + ms(s.latency_ms.p99) + ', max ' + ms(s.latency_ms.max) },
      { label: 'TTFT p95', value: s.ttft_ms ? ms(s.ttft_ms.p95) : 'not streamed', sub: s.ttft_ms ? 'p50 ' + ms(s.ttft_ms.p50) : '' },
      { label: 'tokens', value: num(tokens.total), sub: num(tokens.per_conversation) + ' per conversation' },
      { label: 'cost', value: s.cost ? '$' + Number(s.cost.total).toFixed(4) : 'no pricing', sub: s.cost ? '$' + Number(s.cost.per_conversation).toFixed(5) + ' per conversation' : '' }
    ]);
  }

  global.StampedeViews = {
    COLORS: COLORS, esc: esc, ms: ms, pct: pct, num: num, seconds: seconds, table: table, badge: badge, cards: cards,
    setAnimation: function (on) { animate = on; },
    chart: chart, throughputChart: throughputChart, latencyChart: latencyChart, errorsChart: errorsChart, tokensChart: tokensChart,
    dag: dag, stepDetail: stepDetail, nodeChart: nodeChart, nodeTable: nodeTable, stepTable: stepTable, swimlanes: swimlanes,
    heatmap: heatmap, percentileChart: percentileChart, distributionTable: distributionTable, thresholdTable: thresholdTable, workerTable: workerTable,
    fromSummary: fromSummary, failureRows: failureRows, summaryCards: summaryCards, eventRow: eventRow
  };
})(window);
