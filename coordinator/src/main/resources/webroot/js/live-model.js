// Turns a run's SSE feed (docs/API.md, "Live feed") into the view model that views.js draws, the same shape
// report.html builds from the run's files. Per-second figures come from the coordinator's merged
// histograms; step and node totals are summed from them; p95 of a step while it runs is the last
// second's (percentiles cannot be added), replaced by the exact run figure when 'done' arrives.
// Swimlanes and the live heatmap come from the sampled events, so they are a sample.

const MAX_LANES = 24;
const MAX_LANE_STEPS = 80;
const MAX_HEAT_POINTS = 20000;
const ERROR_SAMPLES = 10;
const OK_SAMPLES = 5;
const R10 = [1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8];

export class LiveModel {
  constructor(startMs) {
    this.startMs = startMs || 0;
    this.timeline = { t: [], users: [], requests: [], errors: [], p50: [], p95: [], p99: [], tokens: [], degraded: [], behind: [], warmup: [] };
    this.ttft = { t: [], p50: [], p95: [], p99: [] };
    this.steps = new Map();
    this.nodes = new Map();
    this.lanes = new Map();
    this.heat = [];
    this.progress = null;
    this.status = null;
    this.summary = null;
    this.workerEvents = [];
    this.seconds = new Set();
  }

  /** Applies one feed event; returns true when something visible changed. */
  apply(type, data) {
    switch (type) {
      case 'status':
        this.status = data.status;
        if (data.start_at) this.startMs = data.start_at;
        return true;
      case 'progress': this.progress = data; this.status = data.status || this.status; return true;
      case 'metrics': this.second(data); return true;
      case 'event': (data.events || []).forEach((e) => this.event(e)); return true;
      case 'worker': this.workerEvents.push(data); return true;
      case 'done':
        this.status = data.status;
        if (data.summary) this.finish(data.summary);
        return true;
      default: return false;
    }
  }

  second(m) {
    if (this.seconds.has(m.second)) return; // a replay after reconnecting
    this.seconds.add(m.second);
    const tl = this.timeline;
    const lat = m.latency_ms || {};
    tl.t.push(m.second); tl.users.push(m.users_active); tl.requests.push(m.requests); tl.errors.push(m.errors);
    tl.p50.push(lat.p50); tl.p95.push(lat.p95); tl.p99.push(lat.p99); tl.tokens.push(m.tokens);
    tl.degraded.push(m.degraded ? 1 : 0);
    tl.behind.push(m.generator_behind ? 1 : 0);
    tl.warmup.push(m.warmup ? 1 : 0);
    let ttft = null;
    Object.entries(m.keys || {}).forEach(([key, line]) => {
      const colon = key.indexOf(':');
      const kind = key.slice(0, colon);
      const name = key.slice(colon + 1);
      if (kind === 'ttft') {
        if (!ttft || line.count > ttft.count) ttft = line;
        return;
      }
      const map = kind === 'step' ? this.steps : kind === 'node' ? this.nodes : null;
      if (!map) return;
      const item = this.item(map, name);
      item.count += line.count;
      item.errors += line.errors;
      item.tokens += line.tokens || 0;
      item.success_rate = item.count ? Math.round(10000 * (item.count - item.errors) / item.count) / 100 : 0;
      if (line.latency && line.latency.count) {
        item.p50_ms = line.latency.p50; item.p95_ms = line.latency.p95; item.p99_ms = line.latency.p99;
      }
    });
    if (ttft && ttft.latency) {
      this.ttft.t.push(m.second); this.ttft.p50.push(ttft.latency.p50); this.ttft.p95.push(ttft.latency.p95); this.ttft.p99.push(ttft.latency.p99);
    }
  }

  item(map, name) {
    let item = map.get(name);
    if (!item) {
      item = { name, kind: '', count: 0, errors: 0, tokens: 0, success_rate: 0, p50_ms: null, p95_ms: null, p99_ms: null,
               failureCounts: new Map(), failures: [], errorSamples: [], okSamples: [], samples: [] };
      map.set(name, item);
    }
    return item;
  }

  event(e) {
    const failed = e.status !== 'ok';
    const isStep = e.node === 'step';
    const item = this.item(isStep ? this.steps : this.nodes, isStep ? e.step : e.node);
    this.sample(item, e, failed);
    if (!isStep && failed && e.step) this.sample(this.item(this.steps, e.step), e, true);
    if (!isStep) return;
    const end = (e.ts - this.startMs) / 1000;
    let lane = this.lanes.get(e.user_id);
    if (!lane && this.lanes.size < MAX_LANES) { lane = []; this.lanes.set(e.user_id, lane); }
    if (lane) {
      lane.push({ start: end - e.latency_ms / 1000, end, step: e.step, status: e.status, latency_ms: e.latency_ms,
                  iteration: e.iteration, error: e.error });
      if (lane.length > MAX_LANE_STEPS) lane.shift();
    }
    if (this.heat.length < MAX_HEAT_POINTS) this.heat.push([Math.max(0, Math.floor(end)), e.latency_ms]);
  }

  sample(item, e, failed) {
    const list = failed ? item.errorSamples : item.okSamples;
    list.push(e);
    if (list.length > (failed ? ERROR_SAMPLES : OK_SAMPLES)) list.shift();
    item.samples = item.errorSamples.concat(item.okSamples);
    if (failed && e.error && !this.summary) {
      item.failureCounts.set(e.error, (item.failureCounts.get(e.error) || 0) + 1);
      item.failures = [...item.failureCounts].map(([reason, count]) => ({ reason: reason + ' (sampled)', count }))
        .sort((a, b) => b.count - a.count);
    }
  }

  /** The exact figures of the finished run replace the running ones; samples stay. */
  finish(summary) {
    this.summary = summary;
    const exact = window.StampedeViews.fromSummary(summary);
    const merge = (map, items) => {
      const next = new Map();
      items.forEach((x) => {
        const live = map.get(x.name);
        x.samples = live ? live.samples : [];
        next.set(x.name, x);
      });
      return next;
    };
    this.steps = merge(this.steps, exact.steps);
    this.nodes = merge(this.nodes, exact.nodes);
  }

  /** A finished run opened later: its timeline from timeseries.csv. */
  loadTimeseries(csv) {
    const lines = csv.trim().split('\n');
    const head = lines.shift().split(',');
    const col = (name) => head.indexOf(name);
    const tl = this.timeline;
    lines.forEach((line) => {
      const c = line.split(',');
      const n = (name) => (col(name) < 0 ? null : Number(c[col(name)]));
      tl.t.push(n('second')); tl.users.push(n('users_active')); tl.requests.push(n('requests')); tl.errors.push(n('errors'));
      tl.p50.push(n('p50_ms')); tl.p95.push(n('p95_ms')); tl.p99.push(n('p99_ms'));
      tl.tokens.push((n('input_tokens') || 0) + (n('output_tokens') || 0));
      tl.degraded.push(n('degraded') || 0);
      tl.behind.push(n('generator_behind') || 0);
      tl.warmup.push(n('warmup') || 0);
    });
  }

  view() {
    this.timeline.startMs = this.startMs;
    return {
      steps: [...this.steps.values()],
      nodes: [...this.nodes.values()],
      timeline: this.timeline,
      ttft: this.ttft.t.length ? this.ttft : null,
      lanes: [...this.lanes.entries()].sort((a, b) => a[0] - b[0]).map(([userId, steps]) => ({ user_id: userId, steps })),
      heatmap: heatmap(this.heat)
    };
  }
}

/** Sampled (second, latency) points counted per second and R10 latency band, as report.html does with the full log. */
function heatmap(points) {
  if (!points.length) return { t: [], bands: [], cells: [] };
  let min = Infinity;
  let max = 0;
  let last = 0;
  points.forEach(([s, ms]) => { min = Math.min(min, ms); max = Math.max(max, ms); last = Math.max(last, s); });
  const upper = [];
  for (let d = -3; d <= 7 && (!upper.length || upper[upper.length - 1] < max); d++) {
    R10.forEach((r) => {
      const b = Math.round(r * Math.pow(10, d) * 1e6) / 1e6;
      if ((b > min || (!upper.length && b >= min)) && (!upper.length || upper[upper.length - 1] < max)) upper.push(b);
    });
  }
  const counts = new Map();
  points.forEach(([s, ms]) => {
    let y = upper.findIndex((b) => ms <= b);
    if (y < 0) y = upper.length - 1;
    const k = s + ':' + y;
    counts.set(k, (counts.get(k) || 0) + 1);
  });
  const t = [];
  for (let s = 0; s <= last; s++) t.push(s);
  const cells = [...counts].map(([k, n]) => { const [x, y] = k.split(':').map(Number); return [x, y, n]; });
  const label = (ms) => (ms >= 1000 ? '≤ ' + ms / 1000 + ' s' : '≤ ' + ms + ' ms');
  return { t, bands: upper.map(label), cells };
}
