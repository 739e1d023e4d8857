// The chronicle: the recorded events (or any run's) on a time axis and as dated lines, with their
// sources, the dates where the sources disagree, and the outcome.

import { getJSON, scenario, whatIfs } from '../lib/api.js';
import { h, main, showError, dateBlock, dateText, fmt, words } from '../lib/dom.js';
import { readOptions, runForm, toQuery, isRecord } from '../lib/runform.js';
import { s, title, scale } from '../lib/svg.js';
import { sourceBadges, lunarShort } from './common.js';

const root = main();

async function start() {
  const [sc, wi] = await Promise.all([scenario(), whatIfs()]);
  const options = readOptions();
  const out = h('div', { id: 'chronicle' });
  root.replaceChildren(
    h('h1', {}, 'Chronicle'),
    h('p', { class: 'lead' },
      'The siege day by day. By default the record as the essay dates it, imposed on the model; switch to the ',
      "primary sources' dates, to a free run where nothing is imposed, or to a what-if that keeps history until ",
      'its point of divergence. Each line gives the lunar date with its day name and the Julian date; recorded ',
      'events carry their sources, and where the sources date an event differently, every version is shown.'),
    runForm(wi, options, (o) => show(sc, o, out)),
    out);
  await show(sc, options, out);
}

async function show(sc, o, out) {
  out.replaceChildren(h('p', { class: 'loading' }, 'Running…'));
  try {
    const chronicle = await getJSON('/api/chronicle', toQuery(o));
    out.replaceChildren(...render(sc, o, chronicle));
  } catch (e) {
    showError(out, e);
  }
}

function runLabel(o, c) {
  if (isRecord(o)) {
    return `The record: history mode, ${c.record === 'essay' ? "the essay's dates" : "the primary sources' dates"}.`;
  }
  const parts = [`${c.mode} mode`, `seed ${c.seed}`];
  if (c.what_ifs.length) parts.push(`what-ifs: ${c.what_ifs.join(', ')}`);
  return `A run: ${parts.join(', ')}.`;
}

function render(sc, o, c) {
  const events = new Map(sc.scenario.event.map((e) => [e.id, e]));
  return [
    h('p', { class: 'run-label', id: 'run-label' }, runLabel(o, c), ` ${c.events.length} events.`),
    axis(sc, c),
    h('ol', { class: 'entries' }, c.events.map((e, i) => entry(sc, events, e, i))),
    outcome(c.outcome),
  ];
}

// The time axis: one column per day, month starts marked, one dot per event stacked within its day.
function axis(sc, c) {
  const days = sc.days;
  const start = sc.start.jdn;
  const perDay = new Map();
  for (const e of c.events) perDay.set(e.day, (perDay.get(e.day) || 0) + 1);
  const stack = Math.max(3, ...perDay.values());
  const W = 1100, left = 20, right = 20, top = 34, dotGap = 13;
  const H = top + stack * dotGap + 28;
  const x = scale(0, days - 1, left, W - right);
  const marks = [];
  for (const m of sc.scenario.calendar.month) {
    const d = m.first_day_jdn - start;
    if (d < 0 || d >= days) continue;
    const label = `${m.era}${m.year} ${m.leap ? 'leap ' : ''}${m.month}/1`;
    marks.push(s('g', { class: 'month' },
      s('line', { x1: x(d), x2: x(d), y1: 14, y2: H - 20 }),
      s('text', { x: x(d) + 3, y: 12 }, `${label} · ${m.first_day_julian}`)));
  }
  const ticks = [];
  for (let d = 0; d < days; d += 5) {
    ticks.push(s('line', { x1: x(d), x2: x(d), y1: H - 20, y2: H - 15, stroke: '#999' }));
    ticks.push(s('text', { x: x(d), y: H - 4, 'text-anchor': 'middle' }, lunarShort(sc, start + d)));
  }
  const seen = new Map();
  const dots = c.events.map((e, i) => {
    const k = seen.get(e.day) || 0;
    seen.set(e.day, k + 1);
    const recorded = e.sources.length > 0;
    return s('circle', {
      class: `dot ${recorded ? 'recorded' : 'model'}`, cx: x(e.day), cy: top + k * dotGap, r: 5,
      'data-index': i,
      onclick: () => {
        const li = document.getElementById(`entry-${i}`);
        if (li) {
          li.scrollIntoView({ behavior: 'smooth', block: 'center' });
          li.classList.add('flash');
          setTimeout(() => li.classList.remove('flash'), 1500);
        }
      },
    }, title(`${dateText(e)}: ${e.text}`));
  });
  return s('svg', {
    class: 'axis', id: 'time-axis', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `Time axis: ${c.events.length} events over ${days} days`,
  },
  s('line', { x1: left, x2: W - right, y1: H - 20, y2: H - 20, stroke: '#999' }),
  marks, ticks, dots);
}

function entry(sc, events, e, i) {
  const rec = e.recorded ? events.get(e.recorded) : null;
  return h('li', { class: 'entry', id: `entry-${i}`, 'data-kind': e.kind, 'data-recorded': e.recorded || null },
    dateBlock(e),
    h('div', {},
      h('div', { class: 'kind' }, words(e.kind), rec && rec.support === 'essay-only' ? ' · essay only' : ''),
      h('p', { class: 'text' }, e.text),
      e.sources.length
        ? h('div', { class: 'sources' }, sourceBadges(sc, e.sources))
        : h('div', { class: 'sources' }, h('span', { class: 'badge model', title: 'Produced by the model, not imposed from the record' }, 'model')),
      rec ? variants(sc, rec) : null));
}

// Where the sources date the event differently: every version, its sources and why.
function variants(sc, rec) {
  if (!rec.date || rec.date.length < 2) return null;
  return h('div', { class: 'variants' },
    h('span', { class: 'badge disputed' }, 'sources differ'), ' The date in each version:',
    h('ul', {}, rec.date.map((v) => {
      const d = sc.dates[v.value];
      return h('li', {},
        h('strong', {}, v.value), d ? ` ${d.day_name} (${d.julian})` : '',
        v.default ? ' — the default ' : ' ',
        sourceBadges(sc, v.sources),
        v.why ? h('span', { class: 'why' }, ` ${v.why}`) : null);
    })));
}

function outcome(o) {
  const rows = [];
  const add = (label, value) => rows.push(h('dt', {}, label), h('dd', {}, value));
  add('Ended', dateText(o.end));
  if (o.crossed_north) add('Jin back across the river', dateText(o.crossed_north));
  add('Song killed / wounded / deserted', `${fmt.int(o.song_killed)} / ${fmt.int(o.song_wounded)} / ${fmt.int(o.song_deserted)}`);
  add('Jin killed / wounded / deserted', `${fmt.int(o.jin_killed)} / ${fmt.int(o.jin_wounded)} / ${fmt.int(o.jin_deserted)}`);
  add('Gold delivered (taels)', fmt.int(o.gold_delivered));
  add('Silver delivered (taels)', fmt.int(o.silver_delivered));
  add('Prefectures promised', String(o.prefectures_promised));
  add('Hostages taken', String(o.hostages_taken));
  add('War leader', `${o.war_leader}${o.war_leader_in_office ? ', in office' : ', out of office'}`);
  add('Influence: war / peace party', `${fmt.num(o.war_party_influence)} / ${fmt.num(o.peace_party_influence)}`);
  add('Largest crowd', fmt.int(o.crowd_peak));
  add('Raid · failed · pursuit · recalled', [o.raid, o.raid_failed, o.pursuit, o.recall].map((b) => (b ? 'yes' : 'no')).join(' · '));
  return h('section', { class: 'outcome', id: 'outcome' },
    h('h2', {}, 'Outcome: ', o.summary),
    h('dl', {}, rows));
}

start().catch((e) => showError(root, e));
