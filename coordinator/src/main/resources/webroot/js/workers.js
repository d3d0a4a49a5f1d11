// The cluster's workers: who is up, their users and capacity, heartbeat age and event-loop lag.
import { api } from './api.js';

const V = window.StampedeViews;

export function mount(el) {
  el.innerHTML = `<section class="section" id="workers"><h2>Workers</h2>
    <div class="cards" id="worker-cards"></div><div style="margin-top:12px" id="workers-table"><p class="hint">Loading…</p></div></section>`;
  async function refresh() {
    try {
      const w = await api.workers();
      const all = w.workers || [];
      const up = all.filter((x) => x.state === 'up');
      el.querySelector('#worker-cards').innerHTML = V.cards([
        { label: 'workers up', value: V.num(up.length), tone: up.length ? 'ok' : 'bad' },
        { label: 'lost', value: V.num(all.length - up.length), tone: all.length - up.length ? 'bad' : 'ok' },
        { label: 'capacity', value: V.num(up.reduce((a, x) => a + x.capacity, 0)) + ' users' },
        { label: 'active users', value: V.num(up.reduce((a, x) => a + x.active_users, 0)) }
      ]);
      el.querySelector('#workers-table').innerHTML = V.table(
        ['worker', 'host', 'state', 'users', 'capacity', 'load', 'event-loop lag', 'last heartbeat', 'runs', 'version'],
        all.map((x) => ({
          attrs: x.state === 'up' ? '' : 'class="row-bad"',
          cells: [x.worker_id, x.host, { html: V.badge(x.state, x.state === 'up' ? 'ok' : 'bad') }, V.num(x.active_users),
                  V.num(x.capacity), V.pct(x.capacity ? 100 * x.active_users / x.capacity : 0, 0), V.ms(x.event_loop_lag_ms),
                  x.heartbeat_age_ms != null ? V.seconds(x.heartbeat_age_ms / 1000) + ' ago' : '–', (x.runs || []).join(', '), x.version || '']
        })), { empty: 'No worker has joined: start one with stampede worker --join HOST:PORT' });
    } catch (e) {
      el.querySelector('#workers-table').innerHTML = `<p class="hint">Cannot list workers: ${V.esc(e.message)}</p>`;
    }
  }
  refresh();
  const timer = setInterval(refresh, 2000);
  return () => clearInterval(timer);
}
