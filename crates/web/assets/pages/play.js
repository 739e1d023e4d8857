// Play: the emperor's decisions, day by day, as the terminal game (`bianjing play`) plays them.
//
// The server keeps nothing: this page holds the game's save (the seed, the what-ifs and the choices)
// and sends it with every move; the server replays it and answers with the new view and the new save.
// The save is kept in the browser's local storage, so that a reload resumes the game, and can be
// downloaded and loaded again here or in the terminal game.

import { postJSON, postText, scenario, whatIfs } from '../lib/api.js';
import { h, main, showError, dateBlock, dateText, fmt } from '../lib/dom.js';
import { s, title } from '../lib/svg.js';
import { bounds, projection, radius, labeller, shortName } from '../lib/theatre.js';
import { sourceBadges } from './common.js';

const root = main();
const STORE = 'bianjing-play-save';
const SAVE_NAME = 'bianjing-game.json';

// The page's state: the scenario, the last answer of the server, and whether a move is under way.
const state = { sc: null, wi: [], answer: null, busy: false, status: '' };

async function start() {
  const [sc, wi] = await Promise.all([scenario(), whatIfs()]);
  state.sc = sc;
  state.wi = wi;
  document.addEventListener('keydown', onKey);
  const kept = localStorage.getItem(STORE);
  if (kept) {
    try {
      await move(() => postText('/api/game/load', kept), 'The game you left, resumed.');
      return;
    } catch {
      // A save this server no longer replays (another scenario, another version): start afresh.
      localStorage.removeItem(STORE);
    }
  }
  renderStart();
}

// One move: the request, then the new state drawn. Errors are shown and leave the game as it was.
async function move(request, status) {
  if (state.busy) return;
  state.busy = true;
  setBusy(true);
  try {
    const answer = await request();
    state.answer = answer;
    state.status = status;
    localStorage.setItem(STORE, answer.save);
    render();
  } catch (e) {
    state.status = '';
    const where = document.getElementById('play-status');
    if (where) showError(where, e);
    else throw e;
  } finally {
    state.busy = false;
    setBusy(false);
  }
}

// Buttons disabled while a move is under way; those drawn since keep their own state.
function setBusy(busy) {
  if (busy) {
    for (const b of root.querySelectorAll('button.move:not([disabled])')) { b.disabled = true; b.dataset.busy = ''; }
  } else {
    for (const b of root.querySelectorAll('button[data-busy]')) { b.disabled = false; delete b.dataset.busy; }
  }
  const st = document.getElementById('play-status');
  if (busy && st) st.replaceChildren(h('span', { class: 'loading' }, 'The court deliberates…'));
}

const newGame = (seed, what_ifs) => move(
  // The seed goes as it was typed: a number past 2^53 would be rounded by JSON.stringify.
  () => postText('/api/game', `{"seed": ${seed}, "what_ifs": ${JSON.stringify(what_ifs)}}`),
  `A new game, seed ${seed}${what_ifs.length ? `, with ${what_ifs.join(', ')}` : ''}.`);

const choose = (decision, option, label) => move(
  () => postJSON('/api/game/choice', { save: state.answer.save, decision, option }),
  `Decided: ${label}.`);

const runOn = (until) => {
  const before = state.answer.view.day;
  return move(() => postJSON('/api/game/next', { save: state.answer.save, until }), null)
    .then(() => {
      if (state.status !== null) return;
      const days = state.answer.view.day - before;
      state.status = days === 1 ? 'A day passes.' : `${days} days pass.`;
      const st = document.getElementById('play-status');
      if (st) st.textContent = state.status;
    });
};

function download() {
  const blob = new Blob([state.answer.save], { type: 'application/json' });
  const a = h('a', { href: URL.createObjectURL(blob), download: SAVE_NAME });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  const st = document.getElementById('play-status');
  if (st) st.textContent = `Saved as ${SAVE_NAME}: load it here, or with \`bianjing play --load ${SAVE_NAME}\`.`;
}

function loadButton() {
  const input = h('input', { type: 'file', accept: '.json,application/json', id: 'load-file', class: 'hidden' });
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    const text = await file.text();
    input.value = '';
    await move(() => postText('/api/game/load', text), `Loaded ${file.name}.`);
  });
  const button = h('button', { type: 'button', class: 'secondary move', id: 'load', onclick: () => input.click() }, 'Load…');
  return [button, input];
}

// Keys for the mouse-less: 1–9 answer with an option, N runs one day, R runs to the next decision.
function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || state.busy || !state.answer) return;
  if (e.target && ['INPUT', 'SELECT', 'TEXTAREA'].includes(e.target.tagName)) return;
  const v = state.answer.view;
  if (v.finished) return;
  if (/^[1-9]$/.test(e.key) && v.pending) {
    const o = v.pending.options[Number(e.key) - 1];
    if (o) { e.preventDefault(); choose(v.pending.id, o.id, o.label); }
  } else if ((e.key === 'n' || e.key === 'N') && !v.pending) {
    e.preventDefault(); runOn('day');
  } else if ((e.key === 'r' || e.key === 'R') && !v.pending) {
    e.preventDefault(); runOn('decision');
  }
}

// ---- the start ----

function renderStart() {
  const seed = h('input', { type: 'text', inputmode: 'numeric', id: 'seed', name: 'seed', value: '1126', class: 'small', 'aria-label': 'Seed' });
  const boxes = state.wi.map((w) => {
    const box = h('input', { type: 'checkbox', name: 'what_if', value: w.id });
    const value = w.value
      ? h('input', { type: 'number', class: 'small', min: w.value.min, max: w.value.max, step: 1, value: w.value.default, title: w.value.meaning || '', 'aria-label': `${w.id} value` })
      : null;
    return { w, box, value, label: h('label', { class: 'check', title: w.summary }, box, w.id, value) };
  });
  const problem = h('div', { id: 'play-status', class: 'status', role: 'status' });
  const form = h('form', { class: 'run', id: 'new-game' },
    h('label', { class: 'field' }, 'Seed', seed),
    h('fieldset', {}, h('legend', {}, 'What-ifs in force (optional)'), boxes.map((b) => b.label)),
    h('button', { type: 'submit', class: 'move', id: 'begin' }, 'Take the throne'),
    loadButton());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const digits = seed.value.trim();
    if (!/^\d{1,20}$/.test(digits)) {
      problem.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Seed: \`${seed.value}\` is not a whole number.`));
      return;
    }
    const chosen = boxes.filter((b) => b.box.checked).map((b) => (b.value ? `${b.w.id}=${b.value.value}` : b.w.id));
    newGame(digits, chosen);
  });
  root.replaceChildren(
    h('h1', {}, 'Play'),
    h('p', { class: 'lead' },
      'You take the emperor\'s decisions. The Jin eastern army is crossing the Yellow River ',
      'towards the capital. Each morning you see what the court knows: estimates with their uncertainty, ',
      'rumours (some false) and news from the west that arrives days late. When a decision comes, your ',
      'advisors argue it from their recorded positions, with their sources. Nothing is imposed: the model runs ',
      'free from your choices, and at the end your outcome is set beside the record and beside what usually happens.'),
    form, problem);
  seed.focus({ preventScroll: true });
}

// ---- the game ----

function render() {
  const { view, end } = state.answer;
  if (end) state.status = 'The crisis is over.';
  const status = h('div', { id: 'play-status', class: 'status', role: 'status' }, state.status || '');
  const header = h('div', { class: 'play-head' },
    h('div', { class: 'play-date', id: 'play-date' }, dateBlock(view.date),
      h('span', { class: 'day-count' }, `day ${view.day}`), h('span', { lang: 'zh', class: 'chinese-date' }, view.date.lunar_chinese)),
    h('div', { class: 'play-actions' },
      view.finished ? null : h('button', { type: 'button', class: 'move secondary', id: 'next-day', disabled: Boolean(view.pending), title: 'N', onclick: () => runOn('day') }, 'Next day'),
      view.finished ? null : h('button', { type: 'button', class: 'move', id: 'run-on', disabled: Boolean(view.pending), title: 'R', onclick: () => runOn('decision') }, 'Run to the next decision'),
      h('button', { type: 'button', class: 'secondary', id: 'save', onclick: download }, 'Save'),
      loadButton(),
      h('button', { type: 'button', class: 'secondary move', id: 'new', onclick: () => { localStorage.removeItem(STORE); state.answer = null; state.status = ''; renderStart(); } }, 'New game')));
  const label = h('p', { class: 'run-label' },
    `Seed ${view.seed}${view.what_ifs.length ? `, what-ifs: ${view.what_ifs.join(', ')}` : ''}; `,
    `${view.choices.length} decision${view.choices.length === 1 ? '' : 's'} taken. `,
    view.finished ? '' : 'Keys: 1–9 answer, N next day, R run to the next decision.');
  const body = end
    ? endScreen(view, end)
    : h('div', { class: 'play-layout' },
      h('div', { class: 'play-main' }, decision(view), knowledge(view)),
      h('div', { class: 'play-side' }, theatre(view), chronicle(view.chronicle, view.day)));
  root.replaceChildren(h('h1', {}, 'Play'), header, label, status, body);
  if (end) {
    // The whole game now, the western army's moves included.
    root.append(h('h2', {}, 'This game, told in full'), chronicle(end.game.events, view.day, true));
  }
  const first = root.querySelector('.options button') || root.querySelector('#run-on:not([disabled])');
  if (first) first.focus({ preventScroll: true });
  const list = document.getElementById('play-chronicle');
  if (list && !end) list.scrollTop = list.scrollHeight;
}

function decision(view) {
  const d = view.pending;
  if (!d) {
    return h('section', { class: 'panel decision', id: 'decision' },
      h('h2', {}, 'No decision waits'),
      h('p', {}, 'The court waits on events. Run on a day, or to the next decision.'));
  }
  return h('section', { class: 'panel decision', id: 'decision', 'aria-labelledby': 'decision-title' },
    h('h2', { id: 'decision-title' }, d.title),
    h('p', { class: 'situation' }, d.situation),
    h('p', { class: 'why-hard' }, h('strong', {}, 'Why it is hard: '), d.why_hard),
    h('p', { class: 'sources' }, sourceBadges(state.sc, d.sources)),
    h('h3', {}, 'Your advisors'),
    h('ul', { class: 'advisors' }, d.advisors.map((a) => h('li', { 'data-person': a.person },
      h('span', { class: 'who' }, a.name),
      h('q', {}, a.says),
      h('span', { class: 'cite' },
        a.reconstruction ? h('span', { class: 'badge model', title: 'Reconstructed from the recorded position; not a quotation' }, 'reconstruction') : null,
        sourceBadges(state.sc, a.sources))))),
    h('h3', {}, 'Your decision'),
    h('div', { class: 'options' }, d.options.map((o, i) => h('button', {
      type: 'button', class: 'move option', 'data-option': o.id,
      onclick: () => choose(d.id, o.id, o.label),
    }, h('span', { class: 'key' }, String(i + 1)), h('span', { class: 'label' }, o.label), h('span', { class: 'effect' }, o.effect)))));
}

function knowledge(view) {
  const k = view.knowledge;
  const rows = k.estimates.map((e) => {
    const exact = e.low === e.high;
    return h('tr', { 'data-topic': e.topic },
      h('td', {}, e.label, e.note ? h('span', { class: 'note' }, e.note) : null),
      h('td', { class: 'num' }, fmt.int(e.value)),
      h('td', { class: 'num band' }, exact ? '' : `${fmt.int(e.low)}–${fmt.int(e.high)}`),
      h('td', { class: 'unit' }, e.unit));
  });
  const heard = (items, none) => (items.length
    ? h('ul', { class: 'heard' }, items.map((x) => h('li', {}, h('span', { class: 'when' }, dateText(x.dates)), ' ', x.text)))
    : h('p', { class: 'muted' }, none));
  return h('section', { class: 'panel knowledge', id: 'knowledge' },
    h('h2', {}, 'What the emperor knows'),
    h('table', { class: 'estimates' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Estimate'), h('th', { class: 'num' }, 'Best guess'), h('th', { class: 'num' }, 'Range'), h('th', {}, ''))),
      h('tbody', {}, rows)),
    h('h3', {}, 'News from the west (late)'), heard(k.news, 'No courier has come from the west.'),
    h('h3', {}, 'Rumours (some are false)'), heard(k.rumours, 'No rumours this week.'));
}

function chronicle(entries, today, full) {
  return h('section', { class: 'panel' },
    full ? null : h('h2', {}, 'The chronicle so far'),
    h('ol', { class: full ? 'play-chronicle full' : 'play-chronicle', id: full ? 'game-chronicle' : 'play-chronicle' },
      entries.length ? entries.map((e) => h('li', { class: e.day === today - 1 || e.day === today ? 'recent' : '' },
        h('span', { class: 'when' }, h('span', { class: 'lunar' }, e.lunar), ' ', h('span', { lang: 'zh' }, e.day_name), h('span', { class: 'julian' }, e.julian)),
        h('span', { class: 'what' }, e.text, e.sources && e.sources.length ? sourceBadges(state.sc, e.sources) : null)))
        : h('li', { class: 'muted' }, 'Nothing has reached the court yet.')));
}

// The theatre as the court believes it: forces where they were last seen, at their estimated strength.
function theatre(view) {
  const W = 520, H = 400, PAD = 18;
  const m = view.map;
  const byId = new Map(m.places.map((p) => [p.id, p]));
  const pos = (p) => [p.lon, p.lat];
  const proj = projection(bounds(m.places.map(pos)), { x: PAD, y: PAD, w: W - 2 * PAD, h: H - 2 * PAD });
  // The capital, its gates and the Jin camp are a few kilometres apart: drawn again, enlarged, in an
  // inset where the theatre is empty (the north-west).
  const capital = m.places.find((p) => p.kind === 'capital') || m.places[0];
  const near = m.places.filter((p) => Math.hypot(p.lon - capital.lon, p.lat - capital.lat) < 0.15);
  const roads = m.roads.map(([a, b]) => {
    const [x1, y1] = proj(pos(byId.get(a)));
    const [x2, y2] = proj(pos(byId.get(b)));
    return s('line', { class: 'road', x1, y1, x2, y2 });
  });
  const crossings = m.places.filter((p) => p.kind === 'crossing').sort((a, b) => a.lon - b.lon);
  const river = crossings.length > 1
    ? s('polyline', { class: 'river', points: crossings.map((p) => proj(pos(p)).join(',')).join(' ') },
      title('The Yellow River, drawn schematically through its crossings'))
    : null;
  const labelAt = labeller();
  // Small places are marked, not named; those by the capital are named in the inset.
  const named = new Set(['capital', 'camp', 'crossing', 'prefecture']);
  const places = m.places.map((p) => {
    const [x, y] = proj(pos(p));
    return s('g', { 'data-place': p.id },
      s('circle', { class: `place ${p.kind}`, cx: x, cy: y, r: p.kind === 'capital' ? 5 : named.has(p.kind) ? 3 : 1.5 }, title(`${p.name} (${p.kind})`)),
      named.has(p.kind) && (p === capital || !near.includes(p)) ? labelAt(x, y, shortName(p.name), p === capital) : null);
  });
  const nb = bounds(near.map(pos));
  const pad = 0.02;
  const nearBounds = { lon0: nb.lon0 - pad, lon1: nb.lon1 + pad, lat0: nb.lat0 - pad, lat1: nb.lat1 + pad };
  const INSET = { x: 8, y: 8, w: 210, h: 150 };
  const inset = projection(nearBounds, { x: INSET.x + 8, y: INSET.y + 22, w: INSET.w - 16, h: INSET.h - 30 });
  const inside = (f) => f.lon >= nearBounds.lon0 && f.lon <= nearBounds.lon1 && f.lat >= nearBounds.lat0 && f.lat <= nearBounds.lat1;
  const zoom = near.map((p) => proj(pos(p)));
  const zx = Math.min(...zoom.map((q) => q[0])) - 5, zy = Math.min(...zoom.map((q) => q[1])) - 5;
  const zoomBox = s('rect', { class: 'zoom-box', x: zx, y: zy, width: Math.max(...zoom.map((q) => q[0])) - zx + 5, height: Math.max(...zoom.map((q) => q[1])) - zy + 5 });
  const insetLabel = labeller();
  const insetPlaces = near.map((p) => {
    const [x, y] = inset(pos(p));
    const major = p.kind === 'capital' || p.kind === 'camp';
    return s('g', { 'data-place': p.id, 'data-inset': '' },
      s('circle', { class: `place ${p.kind}`, cx: x, cy: y, r: major ? 4 : 2 }, title(`${p.name} (${p.kind})`)),
      major ? insetLabel(x, y, shortName(p.name), p.kind === 'capital') : null);
  });
  // Forces sharing a point are set around it on a small ring, so that none hides another.
  const ring = (proj2, size) => {
    const spots = new Map();
    return (f) => {
      let [x, y] = proj2([f.lon, f.lat]);
      const key = `${Math.round(x / 4)},${Math.round(y / 4)}`;
      const k = spots.get(key) || 0;
      spots.set(key, k + 1);
      if (k > 0) {
        const a = k * 2.1, d = size * (7 + 2.5 * k);
        x = Math.round((x + d * Math.cos(a)) * 10) / 10;
        y = Math.round((y + d * Math.sin(a)) * 10) / 10;
      }
      return [x, y];
    };
  };
  const largestFirst = [...m.forces].sort((a, b) => b.men - a.men);
  const circle = (f, [x, y], r, extra) => s('circle', { class: `force ${f.side}`, 'data-force': f.id, cx: x, cy: y, r, ...extra },
    title(`${f.name}: about ${fmt.int(f.men)} men, ${f.posture.replace(/-/g, ' ')}`));
  const onMain = ring(proj, 0.7);
  const forces = largestFirst.map((f) => circle(f, onMain(f), radius(f.men) / 1.8));
  const onInset = ring(inset, 1.4);
  const insetForces = largestFirst.filter(inside).map((f) => circle(f, onInset(f), radius(f.men) / 1.3, { 'data-inset': '' }));
  return h('section', { class: 'panel theatre' },
    h('h2', {}, 'The theatre'),
    s('svg', { class: 'map', id: 'play-map', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Map of the theatre with the forces as the court believes them' },
      roads, river, places, zoomBox, s('g', { class: 'forces' }, forces),
      s('rect', { class: 'inset-frame', x: INSET.x, y: INSET.y, width: INSET.w, height: INSET.h }),
      s('text', { class: 'inset-title', x: INSET.x + 6, y: INSET.y + 14 }, `${shortName(capital.name)} and its surroundings`),
      insetPlaces, s('g', { class: 'forces' }, insetForces)),
    h('p', { class: 'legend' },
      h('span', {}, h('span', { class: 'swatch song' }), 'Song'), h('span', {}, h('span', { class: 'swatch jin' }), 'Jin'),
      h('span', { class: 'muted' }, 'Area: men, as the court believes them; the western Jin army where the last courier placed it.')));
}

// ---- the end ----

function endScreen(view, end) {
  const yours = end.game.outcome;
  const record = end.recorded.outcome;
  const measures = (o) => h('dl', {},
    [['Ends', dateText(o.end)],
      ['Song losses (killed, wounded, deserted)', `${fmt.int(o.song_killed)}, ${fmt.int(o.song_wounded)}, ${fmt.int(o.song_deserted)}`],
      ['Jin losses (killed, wounded, deserted)', `${fmt.int(o.jin_killed)}, ${fmt.int(o.jin_wounded)}, ${fmt.int(o.jin_deserted)}`],
      ['Delivered to the Jin', `${fmt.int(o.gold_delivered)} taels of gold, ${fmt.int(o.silver_delivered)} of silver`],
      ['Prefectures promised, hostages taken', `${o.prefectures_promised}, ${o.hostages_taken}`],
      ['The war leader', o.war_leader_in_office ? 'in office' : 'out of office'],
      ['Largest crowd at the palace gate', fmt.int(o.crowd_peak)],
      ['Night raid, pursuit', `${o.raid ? (o.raid_failed ? 'a raid, beaten' : 'a raid') : 'no raid'}; ${o.pursuit ? (o.recall ? 'a pursuit, recalled' : 'a pursuit') : 'no pursuit'}`],
    ].map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  const n = end.categories;
  const categories = end.usually.slice(0, n);
  const events = end.usually.slice(n);
  return h('div', { id: 'end' },
    h('h2', {}, 'The crisis is over'),
    h('div', { class: 'end-compare' },
      h('section', { class: 'outcome yours', id: 'end-yours' }, h('h3', {}, 'Your reign'), h('p', { class: 'summary' }, yours.summary), measures(yours)),
      h('section', { class: 'outcome recorded', id: 'end-record' }, h('h3', {}, 'The record, replayed'), h('p', { class: 'summary' }, record.summary), measures(record))),
    h('h2', {}, `What usually happens: ${fmt.int(end.runs)} free runs from the same start`),
    h('p', { class: 'lead' }, 'Share of runs with 95% intervals; the model decides for the emperor in these runs. ',
      'Your outcome and the record\'s are marked.'),
    shares(categories, yours.category, record.category, 'end-outcomes'),
    h('h3', {}, 'Key events in those runs'),
    shares(events, null, null, 'end-events'),
    h('h2', {}, 'The turning points'),
    h('ol', { class: 'turning-points', id: 'turning-points' }, end.turning_points.map((t) => h('li', { class: t.yours ? 'yours' : '' },
      h('span', { class: 'when' }, dateText(t.dates)),
      t.yours ? h('span', { class: 'badge primary' }, 'your decision') : null, ' ', t.text))));
}

// Horizontal bars with their intervals, drawn by hand.
function shares(list, yours, recorded, id) {
  const rowH = 24, labelW = 300, barW = 380, W = labelW + barW + 150;
  const H = list.length * rowH + 8;
  const x = (p) => labelW + p * barW;
  const rows = list.map((sh, i) => {
    const y = 4 + i * rowH;
    const marks = [sh.name === yours ? 'yours' : null, sh.name === recorded ? 'the record' : null].filter(Boolean);
    return s('g', { class: marks.length ? 'share marked' : 'share', 'data-share': sh.name },
      s('text', { x: labelW - 8, y: y + 15, 'text-anchor': 'end' }, sh.text),
      s('rect', { class: 'bar-bg', x: labelW, y: y + 3, width: barW, height: rowH - 8 }),
      s('rect', { class: 'bar', x: labelW, y: y + 3, width: Math.max(0.5, sh.p * barW), height: rowH - 8 }, title(`${fmt.pct(sh.p)} (95%: ${fmt.pct(sh.lo)}–${fmt.pct(sh.hi)})`)),
      s('line', { class: 'interval', x1: x(sh.lo), x2: x(sh.hi), y1: y + rowH / 2 - 1, y2: y + rowH / 2 - 1 }),
      s('text', { x: labelW + barW + 8, y: y + 15 }, fmt.pct(sh.p), marks.length ? s('tspan', { class: 'mark' }, `  ◀ ${marks.join(', ')}`) : null));
  });
  return s('svg', { class: 'chart shares', id, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Shares of runs' }, rows);
}

start().catch((e) => showError(root, e));
