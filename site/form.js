// The questionnaire: built from the catalogue's steps and questions, one step
// shown at a time. It reads and writes answers in the engine's format, shows
// only the questions the engine says are relevant, and shows each error next
// to its field.

import { h, on } from './dom.js';
import { t, tx, yuan, lang } from './i18n.js';

const RADIO_CHOICE_MAX = 4; // a choice with more options than this is a <select>

export function createForm({ catalogue, formEl, stepListEl, prevButton, nextButton, resultsLink, progress, onChange }) {
  const steps = catalogue.steps;
  const fields = new Map(); // id → field
  const sections = []; // one per step
  const stepButtons = [];
  const texts = []; // [node, () => string] to refresh on a language change
  let current = 0;
  let relevant = null; // Set of relevant question ids, null before the first estimate

  function text(node, fn) {
    texts.push([node, fn]);
    node.textContent = fn();
    return node;
  }

  // Steps and their sections.
  steps.forEach((step, i) => {
    const heading = h('h3', { id: `step-heading-${step.id}`, class: 'step-heading', tabindex: '-1' });
    text(heading, () => t('form.stepHeading', { n: i + 1, label: tx(step.label) }));
    const empty = h('p', { class: 'empty-step', hidden: true });
    text(empty, () => t('form.emptyStep'));
    const section = h('section', { class: 'step', id: `step-${step.id}`, dataset: { step: step.id }, 'aria-labelledby': heading.id, hidden: i !== 0 }, heading, empty);
    sections.push({ step, section, heading, empty });
    formEl.appendChild(section);

    const label = h('span', { class: 'step-label' });
    text(label, () => t('form.stepButton', { n: i + 1, label: tx(step.label) }));
    const count = h('span', { class: 'step-count' });
    const error = h('span', { class: 'step-error', hidden: true });
    text(error, () => t('form.stepErrors'));
    const button = h('button', { type: 'button', class: 'step-button', dataset: { step: step.id } }, label, ' ', count, ' ', error);
    on(button, 'click', () => showStep(i, { focus: true }));
    stepButtons.push({ button, count, error });
    stepListEl.appendChild(h('li', {}, button));
  });

  for (const q of catalogue.questions) {
    const index = catalogue.stepIndex.get(q.step);
    if (index === undefined) continue;
    const field = buildField(q, text);
    field.step = index;
    fields.set(q.id, field);
    sections[index].section.appendChild(field.root);
  }

  on(prevButton, 'click', () => showStep(current - 1, { focus: true }));
  on(nextButton, 'click', () => showStep(current + 1, { focus: true }));
  on(formEl, 'submit', (e) => e.preventDefault());
  const changed = (e) => {
    const field = e.target.closest && fields.get(e.target.closest('[data-question]')?.dataset.question);
    if (field && field.onEdit) field.onEdit(e);
    onChange();
  };
  on(formEl, 'input', changed);
  on(formEl, 'change', changed);

  function showStep(i, { focus = false } = {}) {
    current = Math.max(0, Math.min(steps.length - 1, i));
    sections.forEach((s, k) => { s.section.hidden = k !== current; });
    stepButtons.forEach((b, k) => {
      if (k === current) b.button.setAttribute('aria-current', 'step');
      else b.button.removeAttribute('aria-current');
    });
    prevButton.hidden = current === 0;
    nextButton.hidden = current === steps.length - 1;
    resultsLink.hidden = current !== steps.length - 1;
    updateProgress();
    if (focus) sections[current].heading.focus();
  }

  // read() → {answers, errors}: every answered field (visible or not), and
  // local errors (input the browser could not read as a number or a date).
  function read() {
    const answers = {};
    const errors = {};
    for (const [id, f] of fields) {
      const r = f.read();
      if (r.error) errors[id] = r.error;
      else if (r.value !== undefined) answers[id] = r.value;
    }
    return { answers, errors };
  }

  // write(answers) sets every field; a question absent from answers becomes unanswered.
  function write(answers) {
    for (const [id, f] of fields) f.write(answers[id]);
  }

  // setRelevant(ids) shows only the questions in ids.
  function setRelevant(ids) {
    relevant = new Set(ids);
    for (const [id, f] of fields) f.root.hidden = !relevant.has(id);
    sections.forEach((s, i) => {
      s.empty.hidden = [...fields.values()].some((f) => f.step === i && !f.root.hidden);
    });
  }

  // setErrors({id: message}) shows each message at its field and clears the others.
  function setErrors(messages) {
    const stepHasError = steps.map(() => false);
    for (const [id, f] of fields) {
      const msg = messages[id];
      f.setError(msg || '');
      if (msg && !f.root.hidden) stepHasError[f.step] = true;
    }
    stepButtons.forEach((b, i) => {
      b.error.hidden = !stepHasError[i];
      b.button.classList.toggle('has-error', stepHasError[i]);
    });
  }

  // updateProgress() counts answered relevant questions, per step and in all.
  let lastAnswered = {};
  function updateProgress(answered = lastAnswered) {
    lastAnswered = answered;
    let total = 0;
    let done = 0;
    stepButtons.forEach((b, i) => {
      let n = 0;
      let a = 0;
      for (const [id, f] of fields) {
        if (f.step !== i || (relevant && !relevant.has(id))) continue;
        n++;
        if (answered[id] !== undefined) a++;
      }
      total += n;
      done += a;
      b.count.textContent = `(${t('form.stepCount', { answered: a, total: n })})`;
      b.button.classList.toggle('complete', n > 0 && a === n);
    });
    progress.step.textContent = t('form.stepOf', { step: current + 1, steps: steps.length });
    progress.answered.textContent = t('form.answered', { answered: done, relevant: total });
    progress.bar.max = Math.max(total, 1);
    progress.bar.value = done;
  }

  // focusQuestion(id) shows the question's step and puts the focus on it.
  function focusQuestion(id) {
    const f = fields.get(id);
    if (!f || f.root.hidden) return false;
    if (f.step !== current) showStep(f.step);
    const target = f.focusTarget();
    target.focus({ preventScroll: true });
    f.root.scrollIntoView({ block: 'center' });
    return true;
  }

  function relabel() {
    for (const [node, fn] of texts) node.textContent = fn();
    for (const f of fields.values()) f.refresh();
    updateProgress();
  }

  showStep(0);

  return {
    read,
    write,
    reset: () => write({}),
    setRelevant,
    setErrors,
    updateProgress,
    showStep,
    focusQuestion,
    relabel,
    fields,
    get step() { return current; },
  };
}

// buildField(q) → {root, read, write, setError, focusTarget, refresh, onEdit}
function buildField(q, text) {
  const base = `q-${q.id}`;
  const helpId = `help-${q.id}`;
  const errId = `err-${q.id}`;
  const help = h('p', { class: 'help', id: helpId });
  const helpText = () => {
    const parts = [];
    if (q.help) parts.push(tx(q.help));
    if (q.type === 'multi') parts.push(t('form.multiHint'));
    return parts.join(lang() === 'en' ? ' ' : '');
  };
  text(help, helpText);
  help.hidden = !help.textContent;
  const error = h('p', { class: 'field-error', id: errId, hidden: true });
  let errorMessage = '';
  const field = { q, onEdit: null, refresh: () => {} };
  let describers = []; // elements that get aria-describedby

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

  const useRadios = q.type === 'bool' || (q.type === 'choice' && q.options.length <= RADIO_CHOICE_MAX);
  if (useRadios) {
    const choices = q.type === 'bool'
      ? [{ value: 'yes', label: () => t('form.yes') }, { value: 'no', label: () => t('form.no') }]
      : q.options.map((o) => ({ value: o.value, label: () => tx(o.label) }));
    choices.push({ value: '', label: () => t('form.unsure'), unsure: true });
    const legend = h('legend', { class: 'field-label' });
    text(legend, () => tx(q.label));
    const inputs = [];
    const options = h('div', { class: ['options', q.type === 'bool' ? 'options-inline' : ''] });
    choices.forEach((c, i) => {
      const id = `${base}-${c.unsure ? 'unsure' : c.value}`;
      const input = h('input', { type: 'radio', id, name: base, value: c.value, checked: Boolean(c.unsure) });
      inputs.push(input);
      const span = h('span', {});
      text(span, c.label);
      options.appendChild(h('label', { class: ['option', c.unsure ? 'option-unsure' : ''], for: id }, input, span));
    });
    field.inputs = inputs;
    field.root = h('fieldset', { class: 'field', id: `field-${q.id}`, dataset: { question: q.id, type: q.type } }, legend, help, options, error);
    describers = [field.root];
    field.read = () => {
      const checked = inputs.find((i) => i.checked);
      if (!checked || checked.value === '') return {};
      if (q.type === 'bool') return { value: checked.value === 'yes' };
      return { value: checked.value };
    };
    field.write = (v) => {
      let value = '';
      if (q.type === 'bool' && typeof v === 'boolean') value = v ? 'yes' : 'no';
      else if (q.type === 'choice' && typeof v === 'string') value = v;
      for (const i of inputs) i.checked = i.value === value;
      if (!inputs.some((i) => i.checked)) inputs[inputs.length - 1].checked = true;
    };
    field.focusTarget = () => inputs.find((i) => i.checked) || inputs[0];
  } else if (q.type === 'choice') {
    const label = h('label', { class: 'field-label', for: base });
    text(label, () => tx(q.label));
    const select = h('select', { id: base, name: base });
    const blank = h('option', { value: '' });
    text(blank, () => t('form.choose'));
    select.appendChild(blank);
    for (const o of q.options) {
      const opt = h('option', { value: o.value });
      text(opt, () => tx(o.label));
      select.appendChild(opt);
    }
    field.inputs = [select];
    field.root = h('div', { class: 'field', id: `field-${q.id}`, dataset: { question: q.id, type: q.type } }, label, help, select, error);
    describers = [select];
    field.read = () => (select.value === '' ? {} : { value: select.value });
    field.write = (v) => { select.value = typeof v === 'string' && q.options.some((o) => o.value === v) ? v : ''; };
    field.focusTarget = () => select;
  } else if (q.type === 'multi') {
    const legend = h('legend', { class: 'field-label' });
    text(legend, () => tx(q.label));
    const inputs = q.options.map((o) => h('input', { type: 'checkbox', id: `${base}-${o.value}`, name: base, value: o.value }));
    const options = h('div', { class: 'options' }, q.options.map((o, i) => {
      const span = h('span', {});
      text(span, () => tx(o.label));
      return h('label', { class: 'option', for: inputs[i].id }, inputs[i], span);
    }));
    field.inputs = inputs;
    field.root = h('fieldset', { class: 'field', id: `field-${q.id}`, dataset: { question: q.id, type: q.type } }, legend, help, options, error);
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
        if (i === box) continue;
        if (box.value === 'none' || i.value === 'none') i.checked = false;
      }
    };
    field.focusTarget = () => inputs.find((i) => i.checked) || inputs[0];
  } else {
    // count, year, money: number inputs; date: a date input.
    const label = h('label', { class: 'field-label', for: base });
    text(label, () => tx(q.label));
    const isDate = q.type === 'date';
    const input = h('input', {
      id: base,
      name: base,
      type: isDate ? 'date' : 'number',
      inputmode: isDate ? undefined : (q.type === 'money' ? 'decimal' : 'numeric'),
      min: q.min,
      max: q.max,
      step: isDate ? undefined : (q.type === 'money' ? 'any' : '1'),
      autocomplete: 'off',
    });
    const row = h('div', { class: 'input-row' }, input);
    const unitKey = q.type === 'year' ? null : ({ CNY: 'unit.CNY', item: 'unit.item', person: 'unit.person' })[q.unit];
    if (unitKey) {
      field.unitId = `unit-${q.id}`;
      const unit = h('span', { class: 'unit', id: field.unitId });
      text(unit, () => t(unitKey));
      row.appendChild(unit);
    }
    let echo = null;
    if (q.type === 'money') {
      echo = h('span', { class: 'amount-echo' });
      row.appendChild(echo);
    }
    const updateEcho = () => {
      if (!echo) return;
      const n = input.value === '' ? NaN : Number(input.value);
      echo.textContent = Number.isFinite(n) && n >= 10000 ? `= ${yuan(n)}` : '';
    };
    field.refresh = updateEcho;
    field.onEdit = updateEcho;
    field.inputs = [input];
    field.root = h('div', { class: 'field', id: `field-${q.id}`, dataset: { question: q.id, type: q.type } }, label, help, row, error);
    describers = [input];
    field.read = () => {
      if (input.value === '') return input.validity.badInput ? { error: isDate ? 'err.date' : 'err.number' } : {};
      if (isDate) return { value: input.value };
      const n = Number(input.value);
      return Number.isFinite(n) ? { value: n } : { error: 'err.number' };
    };
    field.write = (v) => {
      if (isDate) input.value = typeof v === 'string' ? v : '';
      else input.value = typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
      updateEcho();
    };
    field.focusTarget = () => input;
  }
  describe();
  return field;
}

