// The catalogue's changelog on the catalogue page, in <section id="changelog">:
// every version, newest first, with the measures added, removed or changed,
// what changed in them, why, and the text's words. It reads the changelog
// from catalogue.json ("changes", written by the build from rules/CHANGES.json)
// and draws it again when the page's language changes. Measures are named by
// their titles and linked to their place on the page; ids appear only in links.

import { $, h, clear } from './dom.js';
import { t, tx, lang, separator } from './i18n.js';
import { indexCatalogue } from './model.js';

// changeItem(change, cat) → one change as a list item.
function changeItem(change, cat) {
  const rules = change.rules || [];
  const present = rules.filter((id) => cat.rulesById.has(id));
  const gone = rules.length - present.length;
  const names = [];
  for (const id of present) {
    names.push(h('li', {}, h('a', { href: `#rule-${id}`, dataset: { rule: id } }, tx(cat.rulesById.get(id).title))));
  }
  if (gone > 0) names.push(h('li', {}, t('cl.removedRules', { n: gone })));
  for (const id of change.documents || []) {
    const doc = cat.documentsById.get(id);
    if (doc) names.push(h('li', {}, tx(doc.title)));
  }
  const questions = (change.questions || []).map((id) => cat.questionsById.get(id)).filter(Boolean);
  const missingQuestions = (change.questions || []).length - questions.length;
  if (questions.length > 0 || missingQuestions > 0) {
    names.push(h('li', {}, t('cl.questions', { n: (change.questions || []).length }),
      questions.length ? `${lang() === 'en' ? ': ' : '：'}${questions.map((q) => tx(q.label)).join(lang() === 'en' ? '; ' : '；')}` : ''));
  }
  const replaced = (change.replaced_by || []).filter((id) => cat.rulesById.has(id));
  const what = (change.what || []).map((w) => t(`cl.what.${w}`)).join(separator());
  return h('li', { class: 'cl-change', dataset: { kind: change.kind } },
    h('p', {}, h('strong', { class: 'cl-kind' }, t(`cl.kind.${change.kind}`)), what ? ` · ${what}` : ''),
    names.length ? h('ul', { class: 'cl-names' }, names) : null,
    replaced.length ? h('p', { class: 'small' }, t('cl.replacedBy'), ...replaced.map((id, i) => [i ? separator() : '', h('a', { href: `#rule-${id}` }, tx(cat.rulesById.get(id).title))])) : null,
    h('p', { class: 'cl-why' }, tx(change.why)),
    change.quote ? h('p', { class: 'small cl-quote' }, t('cl.clause', { clause: change.clause || '' }), h('q', { lang: 'zh-CN' }, change.quote)) : null,
  );
}

// render(section, cat) draws the changelog of cat into section.
export function render(section, cat) {
  const entries = [...(cat.changes || [])].reverse();
  clear(section);
  section.setAttribute('aria-labelledby', 'changelog-heading');
  section.append(
    h('h2', { id: 'changelog-heading' }, t('cl.heading')),
    h('p', { class: 'small' }, t('cl.intro')),
    h('ol', { class: 'changelog-list', reversed: true }, entries.map((e) => h('li', { class: 'cl-entry', id: `version-${e.version}`, dataset: { version: e.version } },
      h('h3', {}, h('time', { datetime: e.date }, e.date), ' ', tx(e.title)),
      h('p', { class: 'small' }, t('cl.version', { version: e.version }), e.issue ? ` · ${e.issue}` : ''),
      // Each version's changes fold under a count (a change may name 170
      // measures); the version a link targets opens.
      (e.changes || []).length
        ? h('details', { class: 'cl-details', open: location.hash === `#version-${e.version}` },
          h('summary', {}, t('cl.changeCount', { n: e.changes.length })),
          h('ul', { class: 'cl-changes' }, e.changes.map((c) => changeItem(c, cat))))
        : h('p', { class: 'small' }, t('cl.noChange')),
    ))),
  );
  section.hidden = false;
}

async function start() {
  const section = $('#changelog');
  if (!section) return;
  let cat;
  try {
    const res = await fetch(new URL('catalogue.json', import.meta.url), { credentials: 'same-origin' });
    if (!res.ok) return;
    cat = indexCatalogue(await res.json());
  } catch {
    return; // offline without the file: the catalogue page says so itself
  }
  render(section, cat);
  new MutationObserver(() => render(section, cat)).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

start();
