// The questionnaire as a short flow of screens: first the organisation and
// its location, on their own; then, step by step, only the questions that
// can still change a result (the engine's open questions, and those already
// answered). Answers live in the page's state, not in the DOM: only the
// current screen's fields are in the document.

import { h, on, clear, patch, setText } from './dom.js';
import { t, tx, yuan, lang } from './i18n.js';

const RADIO_CHOICE_MAX = 4; // a choice with more options than this is a <select>
const NOT_SURE = 'not_sure'; // the answer "not sure" where a question offers it (engine.NotSure)
const SIZE_SECTOR = 'size_sector'; // the size questions' screen shows the derived size class
const SIZE_QUESTIONS = [SIZE_SECTOR, 'headcount', 'revenue_last_year', 'total_assets', 'size_class_declared'];

// The structural questions asked first, before the engine has arrived.
export const START = ['organisation_kind', 'registered_district', 'compare_districts'];

// createFlow(...) → the questionnaire.
//   els: {position, form, heading, intro, fields, empty, prev, next, toResults, open}
//   answers(): the current answers; onAnswer(id, value, error): an answer changed
//   whyFor(id): the measures the question decides now, [{title, status}] or null
export function createFlow({ els, answers, onAnswer, whyFor, onQuestionLink }) {
  let questions = new Map(); // id → question
  let steps = [];
  let order = []; // question ids in questionnaire order
  let ready = false; // the engine has given the catalogue and a first estimate
  let shown = new Set(START); // questions asked now
  let screens = [{ id: 'start', ids: START }];
  let current = 'start';
  const fields = new Map(); // id → field (built when first shown; kept detached when not)
  let errors = {};
  let lastRendered = '';
  // The size class derived from the answers (report.derived), shown at the
  // end of the last size question on screen.
  let derived = [];
  const derivedLine = h('p', { class: 'derived-size', id: 'derived-size', role: 'status', hidden: true });

  function setQuestionnaire(q) {
    questions = new Map(q.questions.map((x) => [x.id, x]));
    steps = q.steps;
    order = q.questions.map((x) => x.id);
    for (const id of [...fields.keys()]) {
      // A question whose definition changed (static file → catalogue) is rebuilt.
      if (fields.get(id).q !== questions.get(id)) fields.delete(id);
    }
    lastRendered = '';
    rebuild();
  }

  // setShown(ids): the questions to ask now (the engine's judgement);
  // called after each estimate. ready says the engine has answered.
  function setShown(ids) {
    ready = true;
    shown = new Set([...START.filter((id) => questions.has(id)), ...ids]);
    rebuild();
  }

  function rebuild() {
    const start = START.filter((id) => questions.has(id));
    const list = [{ id: 'start', ids: start }];
    if (ready) {
      for (const step of steps) {
        const ids = order.filter((id) => questions.get(id).step === step.id && shown.has(id) && !start.includes(id));
        if (ids.length || step.id === current) list.push({ id: step.id, ids, step });
      }
    } else {
      list.push({ id: 'waiting', ids: [] });
    }
    screens = list;
    if (!screens.some((s) => s.id === current)) {
      // The current step has no question left: stay at the same place in the flow.
      const at = steps.findIndex((s) => s.id === current);
      const next = screens.find((s) => steps.findIndex((x) => x.id === s.id) > at);
      current = next ? next.id : screens[screens.length - 1].id;
    }
    render();
  }

  function field(id) {
    let f = fields.get(id);
    if (!f) {
      f = buildField(questions.get(id), whyFor);
      fields.set(id, f);
    }
    return f;
  }

  function screenIndex() {
    return Math.max(0, screens.findIndex((s) => s.id === current));
  }

  function render({ focus = false } = {}) {
    const i = screenIndex();
    const s = screens[i];
    const a = answers();
    const key = `${lang()}|${current}|${s.ids.join(',')}|${screens.length}|${ready}`;
    if (key !== lastRendered) {
      lastRendered = key;
      if (s.id === 'start') {
        els.heading.textContent = t('flow.start');
        els.intro.textContent = t('flow.startIntro');
      } else if (s.id === 'waiting') {
        els.heading.textContent = t('load.title');
        els.intro.textContent = '';
      } else {
        els.heading.textContent = tx(s.step.label);
        els.intro.textContent = '';
      }
      els.intro.hidden = !els.intro.textContent;
      const want = s.ids.map((id) => field(id).root);
      const have = [...els.fields.children];
      if (want.length !== have.length || want.some((el, k) => el !== have[k])) {
        els.fields.replaceChildren(...want);
        for (const id of s.ids) fields.get(id).write(a[id]);
      }
      els.empty.hidden = s.ids.length > 0;
      els.empty.textContent = s.id === 'waiting' ? t('load.waiting') : t('flow.empty');
      els.prev.hidden = i === 0;
      els.next.hidden = i === screens.length - 1;
      els.toResults.hidden = !(ready && i === screens.length - 1);
    }
    showDerived(s);
    setText(els.position, `${t('flow.screenOf', { n: i + 1, total: screens.length })} · ${t('flow.progress', { answered: s.ids.filter((id) => a[id] !== undefined).length, shown: s.ids.length })}`);
    for (const id of s.ids) field(id).setError(errors[id] || '');
    if (focus) els.heading.focus();
  }

  function go(delta) {
    const i = Math.max(0, Math.min(screens.length - 1, screenIndex() + delta));
    current = screens[i].id;
    render({ focus: true });
    els.form.scrollIntoView({ block: 'nearest' });
  }

  on(els.prev, 'click', () => go(-1));
  on(els.next, 'click', () => go(1));
  on(els.form, 'submit', (e) => e.preventDefault());
  const changed = (e) => {
    const root = e.target.closest && e.target.closest('[data-question]');
    const f = root && fields.get(root.dataset.question);
    if (!f) return;
    if (f.onEdit) f.onEdit(e);
    const r = f.read();
    onAnswer(f.q.id, r.value, r.error);
    // The step's count of answers follows each answer, not only each estimate.
    render();
  };
  on(els.form, 'input', changed);
  on(els.form, 'change', changed);

  // focusQuestion(id) shows the question's screen and puts the focus on it.
  function focusQuestion(id) {
    const s = screens.find((x) => x.ids.includes(id));
    if (!s) return false;
    current = s.id;
    render();
    const f = field(id);
    f.focusTarget().focus({ preventScroll: true });
    f.root.scrollIntoView({ block: 'center' });
    return true;
  }

  // showDerived(s) writes the size class on the screen that asks the size
  // questions, once the sector is answered.
  function showDerived(s) {
    const value = (id) => derived.find((d) => d.id === id)?.value;
    const show = ready && s.ids.includes(SIZE_SECTOR) && answers()[SIZE_SECTOR] !== undefined && derived.length > 0;
    derivedLine.hidden = !show;
    if (!show) return;
    const last = SIZE_QUESTIONS.filter((id) => s.ids.includes(id)).pop();
    const root = fields.get(last)?.root;
    if (root && derivedLine.parentNode !== root) root.appendChild(derivedLine);
    const cls = value('sme') === false ? 'size.large'
      : value('small_micro') === true ? 'size.smallMicro'
        : value('medium_enterprise') === true ? 'size.medium' : 'size.open';
    setText(derivedLine, t('size.derived', { cls: t(cls) }));
  }

  // setOpen(ids): the questions left that could change a result, as links.
  // Only what differs from what is shown is changed.
  let openKey = null;
  function setOpen(ids) {
    if (!ready) {
      openKey = null;
      clear(els.open);
      els.open.hidden = true;
      return;
    }
    const key = `${lang()}|${ids.join(',')}|${ids.map((id) => (screens.some((s) => s.ids.includes(id)) ? 1 : 0)).join('')}`;
    if (key === openKey) return;
    openKey = key;
    els.open.hidden = false;
    els.open.dataset.open = String(ids.length);
    if (!ids.length) {
      patch(els.open, h('p', { class: 'settled' }, t('flow.settled')));
      return;
    }
    // A count and the next question; the whole list folded beneath.
    patch(els.open, h('p', { class: 'open-next' }, t('story.openNext', { n: ids.length }), ' ', onQuestionLink(ids[0])),
      ids.length > 1 ? h('details', { class: 'open-all' }, h('summary', {}, t('story.openAll', { n: ids.length })),
        h('ul', {}, ids.map((id) => h('li', {}, onQuestionLink(id))))) : null);
  }

  return {
    setQuestionnaire,
    setShown,
    setOpen,
    // setDerived(list): the report's derived facts, [{id, value}].
    setDerived(list) { derived = list || []; render(); },
    setErrors(messages) { errors = messages; render(); },
    refresh() { lastRendered = ''; render(); },
    relabel() {
      for (const f of fields.values()) f.relabel();
      lastRendered = '';
      render();
    },
    // writeAll(): put the state's answers into the fields on screen.
    writeAll() {
      const a = answers();
      for (const id of screens[screenIndex()].ids) field(id).write(a[id]);
    },
    focusQuestion,
    isShown: (id) => screens.some((s) => s.ids.includes(id)),
    get screen() { return current; },
    get screens() { return screens.map((s) => s.id); },
    goTo(id) { if (screens.some((s) => s.id === id)) { current = id; render(); } },
    label: (id) => (questions.has(id) ? tx(questions.get(id).label) : id),
    question: (id) => questions.get(id),
  };
}

// buildField(q, whyFor) → {q, root, read, write, setError, focusTarget, relabel, onEdit}
function buildField(q, whyFor) {
  const base = `q-${q.id}`;
  const helpId = `help-${q.id}`;
  const errId = `err-${q.id}`;
  const texts = [];
  const text = (node, fn) => {
    texts.push([node, fn]);
    node.textContent = fn();
    return node;
  };
  const help = h('p', { class: 'help', id: helpId });
  text(help, () => [q.help ? tx(q.help) : '', q.type === 'multi' ? t('form.multiHint') : ''].filter(Boolean).join(lang() === 'en' ? ' ' : ''));
  help.hidden = !help.textContent;
  const error = h('p', { class: 'field-error', id: errId, hidden: true });
  const field = { q, onEdit: null };
  let describers = [];
  let errorMessage = '';

  // "Why do we ask this?": the measures the answer decides, built when opened.
  const whyBody = h('div', { class: 'why-ask-body' });
  const why = h('details', { class: 'why-ask' }, text(h('summary', {}), () => t('flow.why')), whyBody);
  const fillWhy = () => {
    if (!why.open) return;
    const list = whyFor(q.id);
    if (list === null) whyBody.replaceChildren(h('p', {}, t('flow.whyWait')));
    else if (!list.length) whyBody.replaceChildren(h('p', {}, t('flow.whyNone')));
    else whyBody.replaceChildren(h('p', {}, t('flow.whyList')), h('ul', {}, list.map((x) => h('li', {}, x))));
  };
  on(why, 'toggle', fillWhy);

  const describe = () => {
    const ids = [];
    if (!help.hidden) ids.push(helpId);
    if (field.unitId) ids.push(field.unitId);
    if (errorMessage) ids.push(errId);
    for (const el of describers) {
      if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
      else el.removeAttribute('aria-describedby');
    }
  };
  field.setError = (msg) => {
    if (msg === errorMessage) return;
    errorMessage = msg;
    error.textContent = msg;
    error.hidden = !msg;
    field.root.classList.toggle('has-error', Boolean(msg));
    for (const input of field.inputs) {
      if (msg) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    describe();
  };
  const attrs = { class: 'field', id: `field-${q.id}`, dataset: { question: q.id, type: q.type } };

  const useRadios = q.type === 'bool' || (q.type === 'choice' && q.options.length <= RADIO_CHOICE_MAX);
  if (useRadios) {
    const choices = q.type === 'bool'
      ? [{ value: 'yes', label: () => t('form.yes') }, { value: 'no', label: () => t('form.no') }]
      : q.options.map((o) => ({ value: o.value, label: () => tx(o.label) }));
    // "Not sure": left unanswered, or, where the question offers it
    // (q.not_sure, whose label says whom to ask), the answer "not_sure",
    // a deliberate unknown the engine keeps possible.
    choices.push(q.not_sure
      ? { value: NOT_SURE, label: () => tx(q.not_sure), unsure: true }
      : { value: '', label: () => t('form.unsure'), unsure: true });
    const legend = text(h('legend', { class: 'field-label' }), () => tx(q.label));
    const inputs = [];
    const options = h('div', { class: ['options', q.type === 'bool' ? 'options-inline' : ''] });
    for (const c of choices) {
      const id = `${base}-${c.unsure ? 'unsure' : c.value}`;
      const input = h('input', { type: 'radio', id, name: base, value: c.value });
      inputs.push(input);
      options.appendChild(h('label', { class: ['option', c.unsure ? 'option-unsure' : ''], for: id }, input, text(h('span', {}), c.label)));
    }
    field.inputs = inputs;
    field.root = h('fieldset', attrs, legend, help, options, error, why);
    describers = [field.root];
    field.read = () => {
      const checked = inputs.find((i) => i.checked);
      if (!checked || checked.value === '') return {};
      if (checked.value === NOT_SURE) return { value: NOT_SURE };
      if (q.type === 'bool') return { value: checked.value === 'yes' };
      return { value: checked.value };
    };
    field.write = (v) => {
      let value = null;
      if (q.not_sure && v === NOT_SURE) value = NOT_SURE;
      else if (q.type === 'bool' && typeof v === 'boolean') value = v ? 'yes' : 'no';
      else if (q.type === 'choice' && typeof v === 'string') value = v;
      // Nothing is preselected: an unanswered question has no radio checked.
      for (const i of inputs) i.checked = value !== null && i.value === value;
    };
    field.focusTarget = () => inputs.find((i) => i.checked) || inputs[0];
  } else if (q.type === 'choice') {
    const label = text(h('label', { class: 'field-label', for: base }), () => tx(q.label));
    const select = h('select', { id: base, name: base });
    select.appendChild(text(h('option', { value: '' }), () => t('form.choose')));
    for (const o of q.options) select.appendChild(text(h('option', { value: o.value }), () => tx(o.label)));
    if (q.not_sure) select.appendChild(text(h('option', { value: NOT_SURE }), () => tx(q.not_sure)));
    field.inputs = [select];
    field.root = h('div', attrs, label, help, select, error, why);
    describers = [select];
    field.read = () => (select.value === '' ? {} : { value: select.value });
    field.write = (v) => { select.value = typeof v === 'string' && (q.options.some((o) => o.value === v) || (q.not_sure && v === NOT_SURE)) ? v : ''; };
    field.focusTarget = () => select;
  } else if (q.type === 'multi') {
    const legend = text(h('legend', { class: 'field-label' }), () => tx(q.label));
    const inputs = q.options.map((o) => h('input', { type: 'checkbox', id: `${base}-${o.value}`, name: base, value: o.value }));
    const options = h('div', { class: 'options' }, q.options.map((o, i) => h('label', { class: 'option', for: inputs[i].id }, inputs[i], text(h('span', {}), () => tx(o.label)))));
    field.inputs = inputs;
    field.root = h('fieldset', attrs, legend, help, options, error, why);
    describers = [field.root];
    field.read = () => {
      const values = inputs.filter((i) => i.checked).map((i) => i.value);
      return values.length ? { value: values } : {};
    };
    field.write = (v) => {
      const set = new Set(Array.isArray(v) ? v : []);
      for (const i of inputs) i.checked = set.has(i.value);
    };
    // "none" excludes every other option.
    field.onEdit = (e) => {
      const box = e.target;
      if (e.type !== 'change' || box.type !== 'checkbox' || !box.checked) return;
      for (const i of inputs) {
        if (i !== box && (box.value === 'none' || i.value === 'none')) i.checked = false;
      }
    };
    field.focusTarget = () => inputs.find((i) => i.checked) || inputs[0];
  } else {
    // count, year, money: number inputs; date: a date input.
    const label = text(h('label', { class: 'field-label', for: base }), () => tx(q.label));
    const isDate = q.type === 'date';
    const input = h('input', {
      id: base, name: base, type: isDate ? 'date' : 'number',
      inputmode: isDate ? undefined : (q.type === 'money' ? 'decimal' : 'numeric'),
      min: q.min, max: q.max, step: isDate ? undefined : (q.type === 'money' ? 'any' : '1'), autocomplete: 'off',
    });
    const row = h('div', { class: 'input-row' }, input);
    const unitKey = q.type === 'year' ? null : ({ CNY: 'unit.CNY', item: 'unit.item', person: 'unit.person' })[q.unit];
    if (unitKey) {
      field.unitId = `unit-${q.id}`;
      row.appendChild(text(h('span', { class: 'unit', id: field.unitId }), () => t(unitKey)));
    }
    const echo = q.type === 'money' ? h('span', { class: 'amount-echo' }) : null;
    if (echo) row.appendChild(echo);
    const updateEcho = () => {
      if (!echo) return;
      const n = input.value === '' ? NaN : Number(input.value);
      echo.textContent = Number.isFinite(n) && n >= 10000 ? `= ${yuan(n)}` : '';
    };
    // A question that offers "not sure" has a box for it beside the number.
    const unsure = q.not_sure ? h('input', { type: 'checkbox', id: `${base}-unsure`, name: `${base}-unsure` }) : null;
    const unsureRow = unsure ? h('label', { class: ['option', 'option-unsure'], for: unsure.id }, unsure, text(h('span', {}), () => tx(q.not_sure))) : null;
    field.onEdit = (e) => {
      if (unsure && e && e.target === unsure) input.disabled = unsure.checked;
      updateEcho();
    };
    field.inputs = unsure ? [input, unsure] : [input];
    field.root = h('div', attrs, label, help, row, unsureRow, error, why);
    describers = [input];
    field.read = () => {
      if (unsure && unsure.checked) return { value: NOT_SURE };
      if (input.value === '') return input.validity.badInput ? { error: isDate ? 'err.date' : 'err.number' } : {};
      if (isDate) return { value: input.value };
      const n = Number(input.value);
      return Number.isFinite(n) ? { value: n } : { error: 'err.number' };
    };
    field.write = (v) => {
      if (unsure) {
        unsure.checked = v === NOT_SURE;
        input.disabled = unsure.checked;
      }
      const want = isDate ? (typeof v === 'string' ? v : '') : (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
      // Leave a field being typed in alone when it already says the same.
      if (document.activeElement === input && (input.value === want || (want === '' && input.validity.badInput))) return;
      input.value = want;
      updateEcho();
    };
    field.focusTarget = () => input;
    texts.push([null, updateEcho]);
  }
  field.relabel = () => {
    for (const [node, fn] of texts) {
      if (node) node.textContent = fn();
      else fn();
    }
    fillWhy();
  };
  describe();
  return field;
}
