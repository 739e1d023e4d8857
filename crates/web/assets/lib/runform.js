// The options of one run (mode, record, seed, what-ifs), kept in the page's URL so that a view can be
// linked to; the same names as the API's query parameters and the command line's options.

import { h } from './dom.js';

export function readOptions() {
  const q = new URLSearchParams(location.search);
  return {
    mode: q.get('mode') === 'free' ? 'free' : 'history',
    record: q.get('record') === 'sources' ? 'sources' : 'essay',
    seed: /^\d+$/.test(q.get('seed') || '') ? q.get('seed') : '1126',
    whatIfs: q.getAll('what_if'),
  };
}

export function toQuery(o) {
  const q = new URLSearchParams();
  q.set('mode', o.mode);
  q.set('record', o.record);
  q.set('seed', o.seed);
  for (const w of o.whatIfs) q.append('what_if', w);
  return q;
}

// Is this the record itself (history mode, no what-if)?
export function isRecord(o) {
  return o.mode === 'history' && o.whatIfs.length === 0;
}

// The form; `onChange(options)` is called on submit, after the URL is updated.
export function runForm(whatIfList, options, onChange) {
  const mode = h('select', { name: 'mode' },
    h('option', { value: 'history', selected: options.mode === 'history' }, 'history: impose the record'),
    h('option', { value: 'free', selected: options.mode === 'free' }, 'free: nothing imposed'));
  const record = h('select', { name: 'record' },
    h('option', { value: 'essay', selected: options.record === 'essay' }, "the essay's dates"),
    h('option', { value: 'sources', selected: options.record === 'sources' }, "the primary sources' dates"));
  const seed = h('input', { type: 'number', name: 'seed', min: 0, step: 1, value: options.seed, class: 'small' });
  const chosen = new Map(options.whatIfs.map((w) => {
    const [id, v] = w.split('=');
    return [id, v];
  }));
  const boxes = whatIfList.map((w) => {
    const box = h('input', { type: 'checkbox', name: 'what_if', value: w.id, checked: chosen.has(w.id) });
    const value = w.value
      ? h('input', {
        type: 'number', class: 'small', name: `value-${w.id}`, min: w.value.min, max: w.value.max, step: 1,
        value: chosen.get(w.id) ?? w.value.default, title: w.value.meaning || '',
      })
      : null;
    return { w, box, value, label: h('label', { class: 'check', title: w.summary }, box, w.id, value) };
  });
  const form = h('form', { class: 'run' },
    h('label', { class: 'field' }, 'Mode', mode),
    h('label', { class: 'field' }, 'Record', record),
    h('label', { class: 'field' }, 'Seed', seed),
    h('fieldset', {}, h('legend', {}, 'What-ifs (history until the divergence, then free)'), boxes.map((b) => b.label)),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const o = {
      mode: mode.value,
      record: record.value,
      seed: /^\d+$/.test(seed.value) ? seed.value : '1126',
      whatIfs: boxes.filter((b) => b.box.checked).map((b) => (b.value ? `${b.w.id}=${b.value.value}` : b.w.id)),
    };
    history.replaceState(null, '', `${location.pathname}?${toQuery(o)}`);
    onChange(o);
  });
  return form;
}
