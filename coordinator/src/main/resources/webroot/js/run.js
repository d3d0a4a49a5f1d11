// One run, live while it runs (SSE feed), complete when it is done: the verdict, progress, charts,
// the step DAG, node breakdown, swimlanes, heatmap, workers, and at the end the summary's figures
// in place of the live ones, and the thresholds.
import { api, toast } from './api.js';
import { LiveModel } from './live-model.js';

const V = window.StampedeViews;

export function mount(el, params) {
  const id = params[0];
  el.innerHTML = `
    <header id="run-header">
    <div class="run-head">
      <h1 id="run-title">Run</h1><code>${V.esc(id)}</code>
      <div class="actions">
        <button id="stop" class="danger" hidden>Stop</button>
        <a id="report-link" class="button" hidden target="_blank" rel="noopener">Open report.html</a>
        <a id="compare-link" class="button" hidden>Compare…</a>
      </div>
    </div>
    <div id="run-status"></div>
    <div class="progress" id="progress"><div class="bar" id="progress-bar"></div><div class="label" id="progress-label">waiting…</div></div>
    </header>
    <div class="cards" id="live-cards"></div>
    <p class="live-note" id="cards-note"></p>
    <section class="section" id="summary-section" hidden><h2>Thresholds</h2><div id="threshold-table"></div>
      <p class="hint" id="run-notes"></p></section>
    <section class="section" id="goodput-section" hidden><h2>Goodput</h2><div class="cards" id="goodput-cards"></div>
      <div class="row"><div class="col" id="goodput-reasons"></div><div class="col" id="pass-k"></div></div></section>
    <section class="section" id="levels-section" hidden><h2>Quality against load</h2>
      <p class="hint">Per load level (each stage that holds its load): goodput with its 95% interval and each check's pass rate, then latency, tokens/s and cost per good conversation; the knee is the last level that held the goal.</p>
      <div class="row"><div class="col"><div class="chart" id="quality-chart"></div></div><div class="col"><div class="chart" id="level-latency-chart"></div></div></div>
      <div class="chart" id="level-cost-chart"></div>
      <div id="level-table"></div></section>
    <div class="row" style="margin-top:14px">
      <section class="section"><h2>Requests per second (OK / KO) and active users</h2><div class="chart" id="throughput-chart"></div></section>
      <section class="section"><h2>Latency percentiles</h2><div class="chart" id="latency-chart"></div></section>
    </div>
    <div class="row">
      <section class="section"><h2>Errors over time</h2><div class="chart" id="errors-chart"></div></section>
      <section class="section"><h2>Tokens and TTFT</h2><div class="chart" id="tokens-chart"></div></section>
    </div>
    <section class="section" id="dag">
      <h2>Steps</h2>
      <p class="hint">Steps in order, marked by success: ✓ green ≥ 99%, ! amber ≥ 95%, ✗ red below (dashed). Click one for failure reasons and sample events.</p>
      <div class="scroll-x"><div class="chart dag" id="dag-chart"></div></div>
      <div class="detail" id="step-detail"></div>
    </section>
    <section class="section" id="nodes">
      <h2>Node breakdown</h2>
      <div class="chart" id="node-chart"></div><div id="node-table"></div><div class="detail" id="node-detail"></div>
    </section>
    <div class="row">
      <section class="section"><h2>Response time distribution</h2><p class="hint" id="distribution-hint">Sampled step latencies per band.</p>
        <div class="chart" id="distribution-chart"></div></section>
      <section class="section"><h2>Latency heatmap</h2><p class="hint" id="heatmap-hint">Sampled step latencies per second and band.</p>
        <div class="chart tall" id="heatmap-chart"></div></section>
    </div>
    <section class="section"><h2>User swimlanes</h2><p class="hint">A sample of users and their steps over time (failed steps
      outlined red and dashed).</p><div class="chart" id="lanes-chart"></div></section>
    <section class="section" id="run-workers"><h2>Workers</h2><div id="worker-table"></div><div id="worker-events" class="hint"></div></section>`;

  const $ = (sel) => el.querySelector(sel);
  let model = new LiveModel(0);
  let record = null;
  let source = null;
  let selectedStep = null;
  let selectedNode = null;
  let dirty = true;
  let closed = false;

  $('#stop').addEventListener('click', async () => {
    if (!confirm('Stop this run? Users in the middle of a conversation finish it first.')) return;
    try { await api.stop(id); toast('Stopping…'); } catch (e) { toast('Cannot stop: ' + e.message); }
  });
  const forgetTheme = V.onThemeChange(() => { dirty = true; draw(); });

  /** While it runs, the feed's figures; once it is over, the summary's, so the page never disagrees with itself. */
  function drawCards(p, tl, s) {
    const total = (xs) => xs.reduce((a, b) => a + (b || 0), 0);
    if (s) {
      $('#live-cards').innerHTML = V.summaryCards(s);
      $('#cards-note').textContent = 'The run\'s figures from its summary (merged histograms of every worker).';
      return;
    }
    $('#live-cards').innerHTML = V.cards([
      { label: 'active users', value: V.num(p.users_active != null ? p.users_active : tl.users[tl.users.length - 1]), id: 'card-users' },
      { label: 'requests/s', value: V.num(p.rps != null ? p.rps : tl.requests[tl.requests.length - 1]), id: 'card-rps' },
      { label: 'requests', value: V.num(p.requests != null ? p.requests : total(tl.requests)), id: 'card-requests' },
      { label: 'errors', value: V.num(p.errors != null ? p.errors : total(tl.errors)), tone: (p.errors || total(tl.errors)) ? 'bad' : 'ok', id: 'card-errors' },
      { label: 'p95 (last second)', value: V.ms(p.p95_ms != null ? p.p95_ms : tl.p95[tl.p95.length - 1]), id: 'card-p95' },
      { label: 'conversations', value: V.num((p.conversations_succeeded || 0) + (p.conversations_failed || 0)),
        sub: V.num(p.conversations_failed || 0) + ' failed', id: 'card-conversations' },
      goodputCard(p)
    ]);
    $('#cards-note').textContent = 'Live: the last merged second; the summary replaces these when the run ends.';
  }

  function drawProgress(status, p, s) {
    const over = ['done', 'failed', 'aborted'].includes(status);
    const percent = status === 'done' ? 100 : Number(p.percent || (record && record.progress) || 0);
    $('#progress-bar').style.width = percent + '%';
    if (s) {
      $('#progress-label').textContent = `${percent.toFixed(1)}% · ${status} in ${V.seconds(s.duration_s)} · ` +
        `${V.num(s.users.started)} of ${V.num(s.users.target)} users started`;
    } else if (over) {
      $('#progress-label').textContent = `${percent.toFixed(1)}% · ${status}`;
    } else {
      $('#progress-label').textContent = `${percent.toFixed(1)}%` + (p.elapsed_s != null ? ` · ${V.seconds(p.elapsed_s)} elapsed` : '') +
        (p.users_active != null ? ` · ${p.users_active} / ${p.users_target} users active` : '');
    }
  }

  function draw() {
    if (!dirty || closed) return;
    dirty = false;
    const view = model.view();
    const status = model.status || (record && record.status) || 'pending';
    const p = model.progress || (record && record.live) || {};
    const s = model.summary || (record && record.summary) || null;
    $('#run-status').innerHTML = V.verdictBanner(V.verdictOf(s, record, status), 'verdict-banner');
    drawProgress(status, p, s);
    const running = ['pending', 'running', 'stopping'].includes(status);
    $('#stop').hidden = !running;
    $('#stop').disabled = status === 'stopping';
    const tl = view.timeline;
    drawCards(p, tl, s);
    const limits = V.limitsOf(s && s.thresholds);
    V.throughputChart($('#throughput-chart'), tl, limits.rps);
    V.latencyChart($('#latency-chart'), tl, null, limits.latency);
    V.errorsChart($('#errors-chart'), tl, limits.errorRate);
    V.tokensChart($('#tokens-chart'), tl, view.ttft, limits.ttft);
    V.dag($('#dag-chart'), view.steps, (step) => { selectedStep = step.name; dirty = true; draw(); });
    V.stepDetail($('#step-detail'), view.steps.find((x) => x.name === selectedStep) || null, 'Step');
    V.nodeChart($('#node-chart'), view.nodes, (n) => { selectedNode = n.name; dirty = true; draw(); });
    $('#node-table').innerHTML = V.nodeTable(view.nodes);
    const node = view.nodes.find((n) => n.name === selectedNode);
    if (node) V.stepDetail($('#node-detail'), node, 'Node');
    else $('#node-detail').innerHTML = '<p class="hint">Click a node in the chart for its failure reasons and sample events.</p>';
    V.swimlanes($('#lanes-chart'), view.lanes);
    V.heatmap($('#heatmap-chart'), view.heatmap);
    V.distributionChart($('#distribution-chart'), view.heatmap);
    if (s) {
      $('#summary-section').hidden = false;
      $('#threshold-table').innerHTML = V.thresholdTable(s.thresholds, s.status === 'done');
      $('#run-notes').textContent = V.notesOf(s);
      $('#run-title').textContent = s.scenario;
      drawGoodput(s);
    }
    const workers = (record && record.workers) || [];
    $('#worker-table').innerHTML = V.workerTable(workers);
    $('#worker-events').textContent = model.workerEvents.map((w) =>
      `${new Date(w.at || Date.now()).toLocaleTimeString()} worker ${w.worker_id} ${w.event}` +
      (w.policy ? ` (${w.users_unfinished} unfinished users: ${w.policy})` : '')).join(' · ');
  }

  /** Good conversations so far: every check passed, every SLO held. */
  function goodputCard(p) {
    const done = (p.conversations_succeeded || 0) + (p.conversations_failed || 0);
    const share = done ? 100 * (p.conversations_good || 0) / done : null;
    return { label: 'goodput', value: share == null ? '–' : V.pct(share), id: 'card-goodput',
             tone: share == null ? null : share >= 95 ? 'ok' : share >= 80 ? 'warn' : 'bad', sub: V.num(p.conversations_good || 0) + ' good' };
  }

  function drawGoodput(s) {
    const C = window.StampedeCurves;
    if (s.goodput) {
      $('#goodput-section').hidden = false;
      $('#goodput-cards').innerHTML = C.goodputCards(s.goodput);
      $('#goodput-reasons').innerHTML = C.reasonTable(s.goodput);
      $('#pass-k').innerHTML = C.passKTable(s.pass_k);
    }
    if (s.levels && s.levels.length) {
      $('#levels-section').hidden = false;
      C.qualityChart($('#quality-chart'), s.levels);
      C.latencyChart($('#level-latency-chart'), s.levels);
      C.costChart($('#level-cost-chart'), s.levels);
      $('#level-table').innerHTML = C.levelTable(s.levels);
    }
  }

  async function loadRecord() {
    try {
      record = await api.run(id);
      $('#run-title').textContent = record.scenario || 'Run';
      if (record.started_at && !model.startMs) model.startMs = record.started_at;
      const hasReport = (record.files || []).includes('report.html');
      $('#report-link').hidden = !hasReport;
      $('#report-link').href = api.fileUrl(id, 'report.html');
      $('#compare-link').hidden = !record.summary;
      $('#compare-link').href = '#/compare?candidate=' + encodeURIComponent(id);
      dirty = true;
      return record;
    } catch (e) {
      $('#progress-label').textContent = 'Cannot load run: ' + e.message;
      return null;
    }
  }

  function connect() {
    source = new EventSource(api.streamUrl(id));
    ['status', 'progress', 'metrics', 'event', 'worker', 'done'].forEach((type) => {
      source.addEventListener(type, (e) => {
        let data;
        try { data = JSON.parse(e.data); } catch (err) { return; }
        if (model.apply(type, data)) dirty = true;
        if (type === 'done') onDone();
      });
    });
  }

  async function onDone() {
    if (source) { source.close(); source = null; }
    await loadRecord();
    if (!model.timeline.t.length && record && (record.files || []).includes('timeseries.csv')) {
      try { model.loadTimeseries(await api.file(id, 'timeseries.csv')); } catch (e) { /* charts stay empty */ }
      const report = '<a href="' + V.esc(api.fileUrl(id, 'report.html')) + '" target="_blank">report.html</a>';
      $('#heatmap-hint').innerHTML = 'The live sample of this run is gone; ' + report + ' has the heatmap and swimlanes from the full logs.';
      $('#distribution-hint').innerHTML = 'The live sample of this run is gone; ' + report + ' has the exact distribution.';
    }
    dirty = true;
    draw();
  }

  loadRecord().then((r) => { if (r) connect(); draw(); });
  // Redraw at most twice a second, however fast events arrive.
  const timer = setInterval(draw, 500);
  const poll = setInterval(() => { if (model.status && !['done', 'failed', 'aborted'].includes(model.status)) loadRecord(); }, 5000);
  return () => {
    closed = true;
    forgetTheme();
    clearInterval(timer);
    clearInterval(poll);
    if (source) source.close();
    model = null;
  };
}
