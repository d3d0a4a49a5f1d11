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
 *   timeline: {t, users, requests, errors, p50, p95, p99, tokens, degraded, behind, warmup, startMs}  (arrays, one
 *             entry per second; degraded, behind, warmup: 0/1 — a lost worker's users not running again; the load
 *             generator behind; the warm-up, not in the summary; startMs: the run's start, epoch ms, for wall-clock
 *             times in tooltips)
 *   ttft:     {t, p50, p95, p99} or null                                     (streamed responses only)
 *   lanes:    [{user_id, steps: [{start, end, step, status, latency_ms, iteration, error}]}]
 *   heatmap:  {t, bands, cells: [[t index, band index, count]]}
 * An event is a sampled node-level event: {ts, user_id, iteration, step, node, name, status, latency_ms, tokens, error}.
 *
 * Charts follow their box (a ResizeObserver), the time charts zoom (wheel, drag, the slider) together,
 * and the page's colour scheme (prefers-color-scheme) picks ECharts' light or dark theme; onThemeChange
 * tells a page to draw again when it changes. Colour is never the only signal: verdicts and steps carry
 * a symbol and words, failed swimlane steps a dashed outline, heatmap cells their counts.
 */
(function (global) {
  'use strict';

  var COLORS = { ok: '#2f9e5b', warn: '#d99a00', bad: '#d64545', idle: '#9aa5b1', text: '#1f2933', grid: '#e4e7eb',
                 muted: '#616e7c', panel: '#fff', accent: '#3b6fd1' };
  var PALETTE = ['#3b6fd1', '#2f9e5b', '#d99a00', '#8e44ad', '#16a2b8', '#d35400', '#7f8c8d', '#c0392b', '#27ae60', '#2c3e50'];
  var animate = true;
  var scheme = global.matchMedia ? global.matchMedia('(prefers-color-scheme: dark)') : null;
  var themeListeners = [];

  function isDark() {
    return !!(scheme && scheme.matches);
  }

  /** The page's colours (views.css's variables), so charts match the light or dark theme. */
  function readColors() {
    var css = global.getComputedStyle ? global.getComputedStyle(document.documentElement) : null;
    var names = { ok: '--ok', warn: '--warn', bad: '--bad', idle: '--idle', text: '--text', grid: '--line', muted: '--muted',
                  panel: '--panel', accent: '--accent' };
    Object.keys(names).forEach(function (k) {
      var v = css ? css.getPropertyValue(names[k]).trim() : '';
      if (v) COLORS[k] = v;
    });
  }

  if (scheme) {
    var onScheme = function () { readColors(); themeListeners.forEach(function (fn) { fn(); }); };
    if (scheme.addEventListener) scheme.addEventListener('change', onScheme); else if (scheme.addListener) scheme.addListener(onScheme);
  }

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

  /** Wall-clock time of day, 24 h: 14:03:22. */
  function clock(epochMs) {
    var d = new Date(epochMs);
    return [d.getHours(), d.getMinutes(), d.getSeconds()].map(function (n) { return String(n).padStart(2, '0'); }).join(':');
  }

  /** A figure in its unit: ms (shown as ms or s), % or a plain number. */
  function inUnit(value, unit) {
    if (value == null) return '–';
    if (unit === 'ms') return ms(value);
    if (unit === '%') return pct(value, value === Math.round(value) ? 0 : 2);
    return num(value);
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

  var OUTCOME_SYMBOL = { passed: '✓', failed: '✗', aborted: '✗', error: '✗', finished: '○', running: '…' };

  /**
   * A run's verdict (summary.json's or the run record's: {outcome, headline}) as the same words
   * everywhere; without one (a run that has not ended) the status stands in.
   */
  function verdictOf(summary, record, status) {
    if (summary && summary.verdict) return summary.verdict;
    if (record && record.verdict && (!status || record.status === status)) {
      // The runs list (the run index) has the outcome as a word and its headline beside it.
      return typeof record.verdict === 'string' ? { outcome: record.verdict, headline: record.verdict_headline || record.verdict }
        : record.verdict;
    }
    return { outcome: 'running', headline: status || 'pending' };
  }

  /** The verdict as a banner: symbol, outcome in words, headline; coloured, but never by colour alone. */
  function verdictBanner(verdict, id) {
    var o = verdict.outcome;
    return '<div class="verdict verdict-' + esc(o) + '"' + (id ? ' id="' + esc(id) + '"' : '') + ' role="status">' +
      '<span class="verdict-symbol" aria-hidden="true">' + esc(OUTCOME_SYMBOL[o] || '') + '</span>' +
      '<span class="verdict-outcome">' + esc(o.toUpperCase()) + '</span>' +
      (verdict.headline === o ? '' : '<span class="verdict-headline">' + esc(verdict.headline) + '</span>') + '</div>';
  }

  /** The verdict as a small pill for tables (the runs list), with the headline beside it. */
  function verdictPill(verdict) {
    var o = verdict.outcome;
    return '<span class="pill pill-' + esc(o) + '">' + esc((OUTCOME_SYMBOL[o] || '') + ' ' + o) + '</span>' +
      (o === 'running' ? '' : ' <span class="pill-text">' + esc(verdict.headline) + '</span>');
  }

  // ---------- charts

  var resizer = global.ResizeObserver ? new global.ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var instance = global.echarts.getInstanceByDom(entry.target);
      if (instance && !instance.isDisposed()) instance.resize();
    });
  }) : null;

  var timeCharts = new WeakSet();

  /**
   * The element's chart, created once per theme and resized with its box; option replaces the
   * previous one (series come and go), keeping the window a user zoomed to. onClick, when given,
   * is the chart's one click handler.
   */
  function chart(el, option, onClick) {
    if (!el) return null;
    var dark = isDark();
    var instance = global.echarts.getInstanceByDom(el);
    var zoom = null;
    if (instance && instance.__stampedeDark !== dark) {
      instance.dispose();
      instance = null;
    }
    if (!instance) {
      readColors();
      instance = global.echarts.init(el, dark ? 'dark' : null, { renderer: 'canvas' });
      instance.__stampedeDark = dark;
      if (resizer) resizer.observe(el);
    } else if (option.dataZoom) {
      var before = instance.getOption().dataZoom;
      if (before && before.length) zoom = { start: before[0].start, end: before[0].end };
    }
    option.animation = animate;
    option.backgroundColor = 'transparent';
    if (zoom) option.dataZoom.forEach(function (z) { z.start = zoom.start; z.end = zoom.end; });
    instance.setOption(option, { notMerge: true, lazyUpdate: false });
    if (timeCharts.has(option)) {
      instance.group = 'stampede-time'; // zoom one time chart, and the others follow
      global.echarts.connect('stampede-time');
    }
    if (onClick) {
      instance.off('click');
      instance.on('click', onClick);
    }
    el.setAttribute('data-chart-ready', 'true');
    return instance;
  }

  /** Calls fn when the colour scheme changes, so the page draws its charts again in the other theme; returns the undo. */
  function onThemeChange(fn) {
    themeListeners.push(fn);
    return function () { themeListeners = themeListeners.filter(function (f) { return f !== fn; }); };
  }

  /** Zoom on the time axis: the wheel or a drag inside the chart, or the slider below it. */
  function timeZoom() {
    return [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' },
            { type: 'slider', xAxisIndex: 0, height: 14, bottom: 4, filterMode: 'none', showDetail: false, brushSelect: false }];
  }

  /** An axis tooltip headed by the second and its wall-clock time, each value in its series' format. */
  function timeTooltip(startMs, format) {
    return {
      trigger: 'axis',
      formatter: function (params) {
        var list = Array.isArray(params) ? params : [params];
        if (!list.length) return '';
        var t = list[0].value[0];
        var head = '<b>' + seconds(t) + '</b>' + (startMs ? ' · ' + clock(startMs + t * 1000) : '');
        return head + list.filter(function (p) { return p.value[1] != null; }).map(function (p) {
          return '<br>' + p.marker + esc(p.seriesName) + ': <b>' + (format ? format(p.value[1], p.seriesName) : num(p.value[1])) + '</b>';
        }).join('');
      }
    };
  }

  function timeAxis(name) {
    return { type: 'value', name: name || 'time (s)', nameLocation: 'middle', nameGap: 24, minInterval: 1,
             axisLabel: { formatter: function (v) { return seconds(v); } }, splitLine: { lineStyle: { color: COLORS.grid } } };
  }

  /**
   * [t, value] points; a null value, or a stretch of time with no point (a bucket that recorded
   * nothing), breaks the line: a gap, never a drop to zero.
   */
  function pairs(t, values) {
    var out = [];
    var step = Infinity;
    for (var k = 1; k < t.length; k++) if (t[k] - t[k - 1] > 0) step = Math.min(step, t[k] - t[k - 1]);
    for (var i = 0; i < t.length; i++) {
      if (i > 0 && t[i] - t[i - 1] > step * 1.5) out.push([t[i - 1] + step, null]);
      out.push([t[i], values && values[i] != null ? values[i] : null]);
    }
    return out;
  }

  /** Latencies of the seconds that had requests; null (a gap) where nothing was measured. */
  function measured(tl, values) {
    return (values || []).map(function (v, i) {
      var n = tl.count ? tl.count[i] : tl.requests ? tl.requests[i] : 1;
      return n ? v : null;
    });
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

  /** A time chart's frame: the legend, a tooltip with wall-clock time, zoom, room for the slider. */
  function timeBase(legend, startMs, format) {
    var option = base(legend);
    option.grid.bottom = 62;
    option.xAxis = timeAxis();
    option.xAxis.nameGap = 22;
    option.tooltip = timeTooltip(startMs, format);
    option.dataZoom = timeZoom();
    timeCharts.add(option);
    return option;
  }

  /**
   * Threshold limits as dashed lines on the series that carries their axis: [{value, label}].
   * An axis stretches to show a limit up to twice its data's height; a limit beyond that is named
   * in the chart's corner instead, so the data are not squashed to a sliver.
   */
  function limitLines(option, seriesIndex, limits, dataMax) {
    if (!limits || !limits.length) return;
    var shown = limits.filter(function (l) { return !(dataMax > 0) || l.value <= dataMax * 2; });
    var above = limits.filter(function (l) { return shown.indexOf(l) < 0; });
    if (shown.length) {
      option.series[seriesIndex].markLine = {
        silent: true, symbol: 'none', animation: false,
        lineStyle: { type: 'dashed', width: 1.5, color: COLORS.bad },
        label: { position: 'insideEndTop', color: COLORS.bad, formatter: function (p) { return p.name; } },
        data: shown.map(function (l) { return { name: l.label, yAxis: l.value }; })
      };
      var axes = Array.isArray(option.yAxis) ? option.yAxis : [option.yAxis];
      var axis = axes[option.series[seriesIndex].yAxisIndex || 0];
      var top = Math.max.apply(null, shown.map(function (l) { return l.value; }));
      axis.max = function (extent) { return Math.max(extent.max, top * 1.08); };
    }
    if (above.length) {
      option.graphic = [{ type: 'text', right: 60, top: 22, silent: true,
        style: { text: above.map(function (l) { return '↑ ' + l.label + ' (above the scale)'; }).join('   '), fill: COLORS.bad, fontSize: 11 } }];
    }
  }

  function maxOf(arrays) {
    var m = 0;
    arrays.forEach(function (xs) { (xs || []).forEach(function (v) { if (v != null && v > m) m = v; }); });
    return m;
  }

  /**
   * The thresholds (summary.json's) that belong on a chart: {latency, ttft, rps, errorRate} for
   * the run's charts, or those of one key ('step:ask', 'node:llm_call', 'ttft:ask') with key.
   */
  function limitsOf(thresholds, key) {
    var out = { latency: [], ttft: [], rps: [], errorRate: [] };
    (thresholds || []).forEach(function (t) {
      var m = t.metric;
      var label = t.expression || m;
      var lim = { value: t.limit, label: label };
      if (!key) {
        if (/^(p[0-9.]+|max)_latency$/.test(m)) out.latency.push(lim);
        else if (/^ttft\.(p[0-9.]+|max)$/.test(m)) out.ttft.push(lim);
        else if (m === 'rps') out.rps.push(lim);
        else if (m === 'error_rate') out.errorRate.push(lim);
        return;
      }
      var colon = key.indexOf(':');
      var kind = key.slice(0, colon);
      var name = key.slice(colon + 1);
      var scope = kind === 'node' ? 'node.' : 'step.';
      if (m.indexOf(scope + name + '.') !== 0) return;
      var measure = m.slice(scope.length + name.length + 1);
      if (kind === 'ttft' ? /^ttft\.(p[0-9.]+|max)$/.test(measure) : /^(p[0-9.]+|max)_latency$/.test(measure)) out.latency.push(lim);
    });
    return out;
  }

  /** Requests per second that succeeded (OK) and failed (KO), and active users, over time; limits of rps thresholds. */
  function throughputChart(el, tl, limits) {
    var ok = tl.requests.map(function (r, i) { return r == null ? null : Math.max(0, r - (tl.errors[i] || 0)); });
    var option = timeBase(['OK requests/s', 'KO requests/s', 'active users'], tl.startMs);
    option.yAxis = [{ type: 'value', name: 'per second', splitLine: { lineStyle: { color: COLORS.grid } } },
                    { type: 'value', name: 'users', splitLine: { show: false } }];
    option.series = [
      line('OK requests/s', tl.t, ok, COLORS.ok, { areaStyle: { opacity: 0.2 }, markArea: degradedBands(tl) }),
      line('KO requests/s', tl.t, tl.errors, COLORS.bad, { areaStyle: { opacity: 0.35 } }),
      line('active users', tl.t, tl.users, '#7f8c8d', { yAxisIndex: 1, lineStyle: { type: 'dashed', width: 2 } })
    ];
    limitLines(option, 0, limits, maxOf([tl.requests]));
    return chart(el, option);
  }

  /** Latency percentiles over time (p50, p95, p99), each second's from merged histograms; gaps where nothing ran. */
  function latencyChart(el, tl, title, limits) {
    var option = timeBase(['p50', 'p95', 'p99'], tl.startMs, ms);
    if (title) option.title = { text: title, left: 'center', top: 18, textStyle: { fontSize: 12, fontWeight: 'normal' } };
    option.yAxis = { type: 'value', name: 'ms', splitLine: { lineStyle: { color: COLORS.grid } } };
    var p50 = measured(tl, tl.p50);
    var p95 = measured(tl, tl.p95);
    var p99 = measured(tl, tl.p99);
    option.series = [line('p50', tl.t, p50, '#2f9e5b', { markArea: degradedBands(tl) }), line('p95', tl.t, p95, '#d99a00'),
                     line('p99', tl.t, p99, '#d64545')];
    limitLines(option, 0, limits, maxOf([p50, p95, p99]));
    return chart(el, option);
  }

  /** Errors per second over time, with the error rate; limits of error_rate thresholds on the rate's axis. */
  function errorsChart(el, tl, limits) {
    var rate = tl.t.map(function (_, i) {
      var r = tl.requests[i] || 0;
      return r ? Math.round(10000 * (tl.errors[i] || 0) / r) / 100 : null;
    });
    var option = timeBase(['errors/s', 'error rate %'], tl.startMs, function (v, name) { return name === 'error rate %' ? pct(v) : num(v); });
    option.yAxis = [{ type: 'value', name: 'errors/s', minInterval: 1, splitLine: { lineStyle: { color: COLORS.grid } } },
                    { type: 'value', name: '%', max: 100, splitLine: { show: false } }];
    option.series = [
      { name: 'errors/s', type: 'bar', data: pairs(tl.t, tl.errors), itemStyle: { color: COLORS.bad }, barMaxWidth: 10 },
      line('error rate %', tl.t, rate, '#8e44ad', { yAxisIndex: 1 })
    ];
    if (limits && limits.length) {
      limitLines(option, 1, limits, 0);
      option.yAxis[1].max = 100;
    }
    return chart(el, option);
  }

  /** Tokens per second, and time to first token when responses were streamed (with ttft limits). */
  function tokensChart(el, tl, ttft, limits) {
    var legend = ['tokens/s'];
    var option = timeBase(legend, tl.startMs, function (v, name) { return name.indexOf('TTFT') === 0 ? ms(v) : num(v); });
    option.yAxis = [{ type: 'value', name: 'tokens/s', splitLine: { lineStyle: { color: COLORS.grid } } }];
    option.series = [line('tokens/s', tl.t, tl.tokens, '#16a2b8', { areaStyle: { opacity: 0.12 } })];
    if (ttft && ttft.t && ttft.t.length) {
      legend.push('TTFT p50', 'TTFT p95');
      option.yAxis.push({ type: 'value', name: 'TTFT ms', splitLine: { show: false } });
      option.series.push(line('TTFT p50', ttft.t, ttft.p50, '#2f9e5b', { yAxisIndex: 1 }));
      option.series.push(line('TTFT p95', ttft.t, ttft.p95, '#d35400', { yAxisIndex: 1 }));
      limitLines(option, 1, limits, maxOf([ttft.p50, ttft.p95]));
    }
    return chart(el, option);
  }

  /** ✓ at or above 99% success, ! at or above 95%, ✗ below: the DAG's colour said in a symbol too. */
  function rateSymbol(rate, count) {
    if (!count) return '○';
    return rate >= 99 ? '✓' : rate >= 95 ? '!' : '✗';
  }

  /**
   * The scenario's steps left to right in their order, each coloured by its success rate, marked
   * ✓ ! ✗ (and drawn dashed below 95%), labelled with count, p95 and failures; onSelect(step) on click.
   */
  function dag(el, steps, onSelect) {
    var gap = 230;
    // Wide enough for every box at its natural size; the section scrolls sideways past the screen's width.
    el.style.minWidth = Math.max(320, steps.length * gap) + 'px';
    var nodes = steps.map(function (s, i) {
      var color = rateColor(s.success_rate, s.count);
      return {
        name: s.name, value: [i, 0], symbol: 'roundRect', symbolSize: [180, 70],
        itemStyle: { color: COLORS.panel, borderColor: color, borderWidth: 3,
                     borderType: s.count && s.success_rate < 95 ? 'dashed' : 'solid' },
        label: {
          show: true, color: COLORS.text, lineHeight: 16,
          formatter: '{name|' + rateSymbol(s.success_rate, s.count) + ' ' + s.name + '}\n' + num(s.count) + ' runs · p95 ' + ms(s.p95_ms) + '\n{' +
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
    }, onSelect && function (p) { if (p.dataType === 'node' && p.data.step) onSelect(p.data.step); });
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
      // One mark per node, its count written beside it: nodes are not a sequence, so no line joins them.
      { name: 'failures', type: 'scatter', yAxisIndex: 1, symbol: 'diamond', symbolSize: 12, itemStyle: { color: '#8e44ad' },
        label: { show: true, position: 'right', formatter: function (p) { return p.value ? num(p.value) + ' failed' : ''; } },
        data: nodes.map(function (n) { return n.errors; }) }
    ];
    return chart(el, option, onSelect && function (p) { onSelect(nodes[p.dataIndex]); });
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
            failed ? { stroke: COLORS.bad, lineWidth: 2, lineDash: [4, 2] } : { stroke: null }) };
        }
      }].concat(stepNames.map(function (n, k) {
        return { name: n, type: 'custom', data: [], renderItem: function () { return null; }, itemStyle: { color: PALETTE[k % PALETTE.length] } };
      }))
    };
    return chart(el, option);
  }

  /**
   * How many steps took how long, per time bucket and latency band. The colour scale is labelled
   * with its counts, and cells carry their counts where there is room for them.
   */
  function heatmap(el, hm) {
    var max = 1;
    hm.cells.forEach(function (c) { if (c[2] > max) max = c[2]; });
    var labelled = hm.t.length <= 40 && hm.bands.length <= 24;
    return chart(el, {
      grid: { left: 96, right: 96, top: 24, bottom: 44 },
      tooltip: { formatter: function (p) {
        return seconds(hm.t[p.value[0]]) + ', ' + esc(hm.bands[p.value[1]]) + ': <b>' + num(p.value[2]) + '</b> steps';
      } },
      xAxis: { type: 'category', data: hm.t.map(seconds), name: 'time', nameLocation: 'middle', nameGap: 28, splitArea: { show: false } },
      yAxis: { type: 'category', data: hm.bands, name: 'latency band', nameLocation: 'middle', nameGap: 72 },
      visualMap: { min: 0, max: max, calculable: false, orient: 'vertical', right: 4, top: 'middle', itemHeight: 140,
                   text: [num(max) + ' steps', '0 steps'], textGap: 6, textStyle: { color: COLORS.muted },
                   // One hue getting hotter, never through grey: more steps read as a darker, redder cell.
                   inRange: { color: ['#fff3d1', '#fdd49e', '#fc8d59', '#e34a33', '#b30000'] } },
      series: [{ type: 'heatmap', data: hm.cells, progressive: 0,
                 label: { show: labelled, fontSize: 10, color: '#1f2933', textBorderColor: '#fff', textBorderWidth: 2,
                          formatter: function (p) { return p.value[2]; } } }]
    });
  }

  /**
   * Response time distribution: how many step executions fell in each latency band (the heatmap's
   * bands, summed over time), with each band's share of the whole written on its bar.
   */
  function distributionChart(el, hm) {
    var counts = hm.bands.map(function () { return 0; });
    hm.cells.forEach(function (c) { counts[c[1]] += c[2]; });
    var total = counts.reduce(function (a, b) { return a + b; }, 0);
    return chart(el, {
      grid: { left: 60, right: 24, top: 28, bottom: 56 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (p) {
        var v = p[0].value;
        return esc(p[0].name) + ': <b>' + num(v) + '</b> steps (' + pct(total ? 100 * v / total : 0, 1) + ')';
      } },
      xAxis: { type: 'category', data: hm.bands, name: 'latency', nameLocation: 'middle', nameGap: 40, axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: 'steps', minInterval: 1, splitLine: { lineStyle: { color: COLORS.grid } } },
      series: [{ type: 'bar', data: counts, itemStyle: { color: '#3b6fd1' }, barMaxWidth: 36,
                 label: { show: true, position: 'top', fontSize: 10, color: COLORS.muted,
                          formatter: function (p) { return p.value && total ? pct(100 * p.value / total, p.value * 1000 >= total ? 0 : 1) : ''; } } }]
    });
  }

  /**
   * Two runs on one time axis (seconds since each run's start): the base dashed, the candidate
   * solid, for each of the named series; format shows the values.
   */
  function overlayChart(el, base, candidate, series, unitName, format) {
    var names = [];
    var out = [];
    series.forEach(function (s, k) {
      var color = PALETTE[k % PALETTE.length];
      names.push('base ' + s.label, 'candidate ' + s.label);
      out.push(line('base ' + s.label, base.t, s.values(base), color, { lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: color } }));
      out.push(line('candidate ' + s.label, candidate.t, s.values(candidate), color, { lineStyle: { width: 2.5 } }));
    });
    var option = timeBase(names, null, format);
    option.yAxis = { type: 'value', name: unitName, splitLine: { lineStyle: { color: COLORS.grid } } };
    option.series = out;
    return chart(el, option);
  }

  /** One figure per step or node of two runs side by side: base hatched-light, candidate solid. */
  function pairedBars(el, names, baseValues, candidateValues, unitName, format) {
    var option = base(['base', 'candidate']);
    option.grid.bottom = 60;
    option.tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: format };
    option.xAxis = { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 20 : 0 } };
    option.yAxis = { type: 'value', name: unitName, splitLine: { lineStyle: { color: COLORS.grid } } };
    option.series = [
      { name: 'base', type: 'bar', data: baseValues, itemStyle: { color: '#9aa5b1', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: 0.8 } } },
      { name: 'candidate', type: 'bar', data: candidateValues, itemStyle: { color: '#3b6fd1' },
        label: { show: true, position: 'top', fontSize: 10, formatter: function (p) {
          var b = baseValues[p.dataIndex];
          return b ? (p.value >= b ? '+' : '') + Math.round(100 * (p.value - b) / b) + '%' : '';
        } } }
    ];
    return chart(el, option);
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

  /** The unit of a threshold's figures: its own, or for a summary without one, what its metric measures. */
  function thresholdUnit(t) {
    if (t.unit != null) return t.unit;
    if (/latency|ttft|ttfo|itl|tpot/.test(t.metric)) return 'ms';
    return /rate$/.test(t.metric) ? '%' : '';
  }

  /** Each threshold as written, its actual figure and limit in its unit, and whether it held (in words). */
  function thresholdTable(thresholds, judged) {
    return table(['', 'threshold', 'actual', 'limit'], (thresholds || []).map(function (t) {
      var unit = thresholdUnit(t);
      var mark = judged === false ? (t.passed ? 'PASS' : 'FAIL') + ' (partial)' : t.passed ? '✓ PASS' : '✗ FAIL';
      return { attrs: t.passed ? '' : 'class="row-bad"',
               cells: [{ html: badge(mark, judged === false ? 'idle' : t.passed ? 'ok' : 'bad') }, t.expression || t.metric,
                       t.actual == null ? 'not measured' : inUnit(t.actual, unit), inUnit(t.limit, unit)] };
    }), { empty: 'the scenario has no thresholds' });
  }

  /** The run's reason and notes, each once (a stop's reason is also one of its notes). */
  function notesOf(summary) {
    var seen = [];
    [summary.reason].concat(summary.notes || []).forEach(function (n) { if (n && seen.indexOf(n) < 0) seen.push(n); });
    return seen.join(' · ');
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
      { label: 'users', value: num(s.users.started) + ' / ' + num(s.users.target), sub: 'started / target', id: 'card-users' },
      { label: 'conversations', value: num(s.conversations.started), sub: num(s.conversations.failed) + ' failed, ' + num(s.conversations.interrupted) + ' interrupted' },
      { label: 'success rate', value: pct(s.success_rate), tone: s.success_rate >= 99 ? 'ok' : s.success_rate >= 95 ? 'warn' : 'bad' },
      { label: 'requests', value: num(s.requests.count), sub: num(s.requests.rps) + ' req/s, ' + pct(s.requests.error_rate) + ' errors',
        id: 'card-requests' },
      { label: 'errors', value: num(s.requests.errors), tone: s.requests.errors ? 'bad' : 'ok', id: 'card-errors' },
      { label: 'latency p50 / p95', value: ms(s.latency_ms.p50) + ' / ' + ms(s.latency_ms.p95), sub: 'p99 ' + ms(s.latency_ms.p99) + ', max ' + ms(s.latency_ms.max) },
      { label: 'TTFT p95', value: s.ttft_ms ? ms(s.ttft_ms.p95) : 'not streamed', sub: s.ttft_ms ? 'p50 ' + ms(s.ttft_ms.p50) : '' },
      { label: 'tokens', value: num(tokens.total), sub: num(tokens.per_conversation) + ' per conversation' },
      { label: 'cost', value: s.cost ? '$' + Number(s.cost.total).toFixed(4) : 'no pricing', sub: s.cost ? '$' + Number(s.cost.per_conversation).toFixed(5) + ' per conversation' : '' }
    ]);
  }

  global.StampedeViews = {
    COLORS: COLORS, esc: esc, ms: ms, pct: pct, num: num, seconds: seconds, clock: clock, inUnit: inUnit, table: table, badge: badge,
    cards: cards, verdictOf: verdictOf, verdictBanner: verdictBanner, verdictPill: verdictPill, notesOf: notesOf, limitsOf: limitsOf,
    setAnimation: function (on) { animate = on; }, onThemeChange: onThemeChange, isDark: isDark,
    chart: chart, throughputChart: throughputChart, latencyChart: latencyChart, errorsChart: errorsChart, tokensChart: tokensChart,
    dag: dag, stepDetail: stepDetail, nodeChart: nodeChart, nodeTable: nodeTable, stepTable: stepTable, swimlanes: swimlanes,
    heatmap: heatmap, distributionChart: distributionChart, overlayChart: overlayChart, pairedBars: pairedBars,
    percentileChart: percentileChart, distributionTable: distributionTable, thresholdTable: thresholdTable, workerTable: workerTable,
    fromSummary: fromSummary, failureRows: failureRows, summaryCards: summaryCards, eventRow: eventRow
  };
})(window);
