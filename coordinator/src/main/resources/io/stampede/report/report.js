/*
 * report.html's script: reads the run's data (inlined JSON, written by ReportModel) and draws
 * every section with the views the dashboard uses. No fetch, no network: the page's CSP forbids it.
 */
(function () {
  'use strict';
  var V = window.StampedeViews;
  V.setAnimation(false); // a report is read, printed and screenshotted: draw once, completely
  var charts = []; // every chart's drawing, to draw again in the other theme when the colour scheme changes

  function $(id) { return document.getElementById(id); }

  function drawChart(fn) {
    charts.push(fn);
    fn();
  }

  function timelineOf(columns, startMs) {
    var t = columns.second || [];
    var input = columns.input_tokens || [];
    var output = columns.output_tokens || [];
    return {
      t: t, users: columns.users_active || [], requests: columns.requests || [], errors: columns.errors || [],
      p50: columns.p50_ms || [], p95: columns.p95_ms || [], p99: columns.p99_ms || [],
      tokens: t.map(function (_, i) { return (input[i] || 0) + (output[i] || 0); }),
      degraded: columns.degraded || [],
      behind: columns.generator_behind || [],
      warmup: columns.warmup || [], startMs: startMs,
      joined: columns.workers_joined || []
    };
  }

  function withSamples(items, samples) {
    items.forEach(function (item) { item.samples = (samples || {})[item.name] || []; });
    return items;
  }

  function select(el, keys, onChange) {
    el.innerHTML = keys.map(function (k) { return '<option>' + V.esc(k) + '</option>'; }).join('');
    el.addEventListener('change', function () { onChange(el.value); });
    if (keys.length) onChange(keys[0]);
  }

  /** The sticky table of contents: one link per section shown (not the run's hidden ones), the one being read marked. */
  function tableOfContents() {
    var sections = Array.prototype.slice.call(document.querySelectorAll('main section[id]')).filter(function (s) {
      return !s.closest('[hidden]');
    });
    $('toc').innerHTML = sections.map(function (s) {
      var title = s.querySelector('h2') ? s.querySelector('h2').textContent : s.id.charAt(0).toUpperCase() + s.id.slice(1);
      return '<a href="#' + V.esc(s.id) + '" data-section="' + V.esc(s.id) + '">' + V.esc(title) + '</a>';
    }).join('');
    if (!window.IntersectionObserver) return;
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { visible[e.target.id] = e.isIntersecting; });
      var current = sections.filter(function (s) { return visible[s.id]; })[0];
      Array.prototype.forEach.call(document.querySelectorAll('nav.toc a'), function (a) {
        a.classList.toggle('current', !!current && a.getAttribute('data-section') === current.id);
      });
    }, { rootMargin: '0px 0px -60% 0px' });
    sections.forEach(function (s) { observer.observe(s); });
  }

  /** Goodput, its reasons and pass^k; the curves against load when the run had levels. */
  function goodput(s) {
    var C = window.StampedeCurves;
    if (s.goodput) {
      $('goodput').hidden = false;
      $('goodput-cards').innerHTML = C.goodputCards(s.goodput);
      $('goodput-reasons').innerHTML = C.reasonTable(s.goodput);
      $('pass-k').innerHTML = C.passKTable(s.pass_k);
    }
    if (s.levels && s.levels.length) {
      $('levels').hidden = false;
      drawChart(function () { C.qualityChart($('quality-chart'), s.levels); });
      drawChart(function () { C.latencyChart($('level-latency-chart'), s.levels); });
      drawChart(function () { C.costChart($('level-cost-chart'), s.levels); });
      $('level-table').innerHTML = C.levelTable(s.levels);
    }
  }

  /** The simulated user's and the judge's own figures, and the judge's sampled verdicts with their reasoning. */
  function helpers(s, judgeSamples) {
    var lines = [['simulated user', s.simulator], ['judge', s.judge]].filter(function (h) { return h[1]; });
    if (!lines.length) return;
    $('helpers').hidden = false;
    $('helper-table').innerHTML = V.table(['helper', 'model', 'calls', 'failed', 'cached', 'p50', 'p95', 'wait p95', 'tokens in / out', 'cost'],
      lines.map(function (h) {
        var x = h[1], l = x.latency_ms || {};
        return { attrs: x.errors ? 'class="row-bad"' : '',
                 cells: [h[0], x.model || '–', V.num(x.calls), V.num(x.errors), x.cached == null ? '–' : V.num(x.cached),
                         l.p50 == null ? '–' : V.ms(l.p50), l.p95 == null ? '–' : V.ms(l.p95),
                         x.wait_ms ? V.ms(x.wait_ms.p95) : '–', V.num(x.input_tokens) + ' / ' + V.num(x.output_tokens),
                         x.cost == null ? 'no pricing' : '$' + Number(x.cost).toFixed(4)] };
      }));
    $('judge-table').innerHTML = V.table(['step', 'check', 'outcome', 'score', 'pass if', 'reasoning or reason', 'prompt'],
      (judgeSamples || []).map(function (e) {
        var d = e.detail || {};
        return { attrs: e.status === 'pass' ? '' : 'class="row-bad"',
                 cells: [e.step, e.name, e.status.replace('_', ' '), d.score == null ? '–' : d.score + ' of ' + d.scale,
                         d.pass_if || '', e.error || d.reasoning || '',
                         { html: d.prompt ? '<details><summary>the judge was asked</summary><pre class="yaml">' + V.esc(d.prompt) +
                           '</pre></details>' : '' }] };
      }), { empty: 'no judge verdict was sampled' });
  }

  function render(data) {
    var s = data.summary;
    var model = V.fromSummary(s);
    withSamples(model.steps, data.step_samples);
    withSamples(model.nodes, data.node_samples);
    var startMs = Date.parse(s.started_at) || null;
    var timeline = timelineOf(data.timeline || {}, startMs);
    var ttft = data.series['all ttft'] || null;
    var limits = V.limitsOf(s.thresholds);

    document.title = 'Stampede · ' + s.scenario + ' · ' + s.run_id;
    $('title').textContent = s.scenario;
    $('meta').innerHTML = 'run <code>' + V.esc(s.run_id) + '</code> · ' + V.esc(s.started_at) + ' · ' + V.seconds(s.duration_s) +
      ' · ' + V.esc(s.status);
    $('verdict').innerHTML = V.verdictBanner(V.verdictOf(s, null, s.status), 'verdict-banner');
    $('summary-cards').innerHTML = V.summaryCards(s);
    $('notes').textContent = V.notesOf(s);
    $('threshold-table').innerHTML = V.thresholdTable(s.thresholds, s.status === 'done');
    goodput(s);

    drawChart(function () { V.dag($('dag-chart'), model.steps, function (step) { V.stepDetail($('step-detail'), step, 'Step'); }); });
    V.stepDetail($('step-detail'), model.steps.filter(function (x) { return x.errors; })[0] || null, 'Step');
    $('step-table').innerHTML = V.stepTable(model.steps);
    $('check-table').innerHTML = V.table(['step', 'check', 'evaluated', 'failed', 'pass rate', 'not evaluated'],
      (s.checks || []).map(function (c) {
        return [c.step, c.check, V.num(c.count), V.num(c.failures), V.pct(c.count ? c.pass_rate : null), V.num(c.not_evaluated || 0)]; // never judged: no rate
      }), { empty: 'no checks in this scenario' });

    drawChart(function () { V.nodeChart($('node-chart'), model.nodes, function (node) { V.stepDetail($('node-detail'), node, 'Node'); }); });
    $('node-table').innerHTML = V.nodeTable(model.nodes);
    $('node-detail').innerHTML = '<p class="hint">Click a node in the chart for its failure reasons and sample events.</p>';

    drawChart(function () { V.throughputChart($('throughput-chart'), timeline, limits.rps); });
    drawChart(function () { V.latencyChart($('latency-chart'), timeline, null, limits.latency); });
    drawChart(function () { V.errorsChart($('errors-chart'), timeline, limits.errorRate); });
    drawChart(function () { V.tokensChart($('tokens-chart'), timeline, ttft, limits.ttft); });

    var keys = Object.keys(data.series);
    var drawKey = function (key) {
      var series = Object.assign({ startMs: startMs }, data.series[key]);
      var title = key + (data.bucket_seconds > 1 ? ' (per ' + data.bucket_seconds + ' s)' : '');
      V.latencyChart($('key-chart'), series, title, V.limitsOf(s.thresholds, key.indexOf('all ') === 0 ? null : key).latency);
    };
    select($('key-select'), keys, drawKey);
    charts.push(function () { if ($('key-select').value) drawKey($('key-select').value); });

    drawChart(function () { V.heatmap($('heatmap-chart'), data.heatmap); });
    drawChart(function () { V.distributionChart($('distribution-chart'), data.heatmap); });
    $('lanes-hint').textContent = data.lanes.length
      ? data.lanes.length + ' users with the most sampled steps (' + V.num(data.events_read) + ' events read from events.jsonl; ' +
        'events are sampled, so a lane can have gaps). Failed steps are outlined in red, dashed.'
      : 'No events were recorded.';
    drawChart(function () { V.swimlanes($('lanes-chart'), data.lanes); });

    helpers(s, data.node_samples && data.node_samples.judge);
    $('failure-table').innerHTML = V.table(['scope', 'name', 'reason', 'count'], V.failureRows(s), { empty: 'no failures' });

    var dists = {};
    data.distributions.forEach(function (d) { dists[d.key] = d; });
    var drawDistribution = function (key) {
      var d = dists[key];
      $('dist-stats').textContent = V.num(d.count) + ' values · mean ' + V.ms(d.mean_ms) + ' · std dev ' + V.ms(d.std_dev_ms) + ' · max ' + V.ms(d.max_ms);
      V.percentileChart($('dist-chart'), d);
      $('dist-table').innerHTML = V.distributionTable(d);
    };
    select($('dist-select'), Object.keys(dists), drawDistribution);
    charts.push(function () { if ($('dist-select').value) drawDistribution($('dist-select').value); });

    if (data.trend && (data.trend.runs || []).length > 1) {
      $('trend').hidden = false;
      drawChart(function () {
        // The grid builds its boxes anew: let go of the charts in the old ones first.
        Array.prototype.forEach.call($('trend-charts').querySelectorAll('.trend-chart'), function (el) {
          var old = window.echarts.getInstanceByDom(el);
          if (old) old.dispose();
        });
        window.StampedeTrends.grid($('trend-charts'), data.trend, function (runId) {
          if (runId !== s.run_id) window.open('../' + encodeURIComponent(runId) + '/report.html', '_blank');
        }, s.run_id);
      });
    }

    $('worker-table').innerHTML = V.workerTable(s.workers);
    $('scenario-yaml').textContent = data.scenario_yaml || '(scenario.yaml was not found)';
    $('footer').textContent = 'Generated by ' + data.generator + ' at ' + data.generated_at + ' from the run folder ' +
      '(summary.json, timeseries.csv, latency.hlog, events.jsonl).';
    tableOfContents();
    V.onThemeChange(function () { charts.forEach(function (fn) { fn(); }); });
    document.body.setAttribute('data-rendered', 'true');
  }

  try {
    render(JSON.parse(document.getElementById('stampede-data').textContent));
  } catch (e) {
    var box = document.getElementById('load-error');
    box.style.display = 'block';
    box.textContent = 'This report could not be drawn: ' + e + '. Regenerate it with: stampede report RUN_DIR';
    document.body.setAttribute('data-rendered', 'error');
    throw e;
  }
})();
