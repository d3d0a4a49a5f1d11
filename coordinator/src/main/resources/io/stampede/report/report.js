/*
 * report.html's script: reads the run's data (inlined JSON, written by ReportModel) and draws
 * every section with the views the dashboard uses. No fetch, no network: the page's CSP forbids it.
 */
(function () {
  'use strict';
  var V = window.StampedeViews;
  V.setAnimation(false); // a report is read, printed and screenshotted: draw once, completely

  function $(id) { return document.getElementById(id); }

  function timelineOf(columns) {
    var t = columns.second || [];
    var input = columns.input_tokens || [];
    var output = columns.output_tokens || [];
    return {
      t: t, users: columns.users_active || [], requests: columns.requests || [], errors: columns.errors || [],
      p50: columns.p50_ms || [], p95: columns.p95_ms || [], p99: columns.p99_ms || [],
      tokens: t.map(function (_, i) { return (input[i] || 0) + (output[i] || 0); }),
      degraded: columns.degraded || [],
      behind: columns.generator_behind || [],
      warmup: columns.warmup || []
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
      C.qualityChart($('quality-chart'), s.levels);
      C.latencyChart($('level-latency-chart'), s.levels);
      $('level-table').innerHTML = C.levelTable(s.levels);
    }
  }

  function render(data) {
    var s = data.summary;
    var model = V.fromSummary(s);
    withSamples(model.steps, data.step_samples);
    withSamples(model.nodes, data.node_samples);
    var timeline = timelineOf(data.timeline || {});
    var ttft = data.series['all ttft'] || null;

    document.title = 'Stampede · ' + s.scenario + ' · ' + s.run_id;
    $('title').textContent = s.scenario;
    $('meta').innerHTML = 'run <code>' + V.esc(s.run_id) + '</code> · ' + V.esc(s.started_at) + ' · ' +
      V.seconds(s.duration_s) + ' · ' + V.badge(s.status, s.status) + ' ' + V.badge(s.thresholds_passed ? 'thresholds PASS' : 'thresholds FAIL',
      s.thresholds_passed ? 'ok' : 'bad');
    $('summary-cards').innerHTML = V.summaryCards(s);
    var notes = (s.notes || []).slice();
    if (s.reason) notes.unshift(s.reason);
    $('notes').textContent = notes.join(' · ');
    $('threshold-table').innerHTML = V.thresholdTable(s.thresholds);
    goodput(s);

    V.dag($('dag-chart'), model.steps, function (step) { V.stepDetail($('step-detail'), step, 'Step'); });
    V.stepDetail($('step-detail'), model.steps.filter(function (x) { return x.errors; })[0] || null, 'Step');
    $('step-table').innerHTML = V.stepTable(model.steps);
    $('check-table').innerHTML = V.table(['step', 'check', 'evaluated', 'failed', 'pass rate', 'not evaluated'],
      (s.checks || []).map(function (c) {
        return [c.step, c.check, V.num(c.count), V.num(c.failures), V.pct(c.pass_rate), V.num(c.not_evaluated || 0)];
      }), { empty: 'no checks in this scenario' });

    V.nodeChart($('node-chart'), model.nodes, function (node) { V.stepDetail($('node-detail'), node, 'Node'); });
    $('node-table').innerHTML = V.nodeTable(model.nodes);
    V.stepDetail($('node-detail'), null);
    $('node-detail').innerHTML = '<p class="hint">Click a node in the chart for its failure reasons and sample events.</p>';

    V.throughputChart($('throughput-chart'), timeline);
    V.latencyChart($('latency-chart'), timeline);
    V.errorsChart($('errors-chart'), timeline);
    V.tokensChart($('tokens-chart'), timeline, ttft);

    var keys = Object.keys(data.series);
    select($('key-select'), keys, function (key) {
      var series = data.series[key];
      V.latencyChart($('key-chart'), series, key + (data.bucket_seconds > 1 ? ' (per ' + data.bucket_seconds + ' s)' : ''));
    });

    V.heatmap($('heatmap-chart'), data.heatmap);
    $('lanes-hint').textContent = data.lanes.length
      ? data.lanes.length + ' users with the most sampled steps (' + V.num(data.events_read) + ' events read from events.jsonl; ' +
        'events are sampled, so a lane can have gaps). Failed steps are outlined in red.'
      : 'No events were recorded.';
    V.swimlanes($('lanes-chart'), data.lanes);

    $('failure-table').innerHTML = V.table(['scope', 'name', 'reason', 'count'], V.failureRows(s), { empty: 'no failures' });

    var dists = {};
    data.distributions.forEach(function (d) { dists[d.key] = d; });
    select($('dist-select'), Object.keys(dists), function (key) {
      var d = dists[key];
      $('dist-stats').textContent = V.num(d.count) + ' values · mean ' + V.ms(d.mean_ms) + ' · std dev ' + V.ms(d.std_dev_ms) + ' · max ' + V.ms(d.max_ms);
      V.percentileChart($('dist-chart'), d);
      $('dist-table').innerHTML = V.distributionTable(d);
    });

    $('worker-table').innerHTML = V.workerTable(s.workers);
    $('scenario-yaml').textContent = data.scenario_yaml || '(scenario.yaml was not found)';
    $('footer').textContent = 'Generated by ' + data.generator + ' at ' + data.generated_at + ' from the run folder ' +
      '(summary.json, timeseries.csv, latency.hlog, events.jsonl).';
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
