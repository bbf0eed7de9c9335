// The catalogue as the page uses it: the engine's JSON plus lookup maps.

export function indexCatalogue(cat) {
  cat.questionsById = new Map(cat.questions.map((q) => [q.id, q]));
  cat.rulesById = new Map(cat.rules.map((r) => [r.id, r]));
  cat.documentsById = new Map(cat.documents.map((d) => [d.id, d]));
  cat.stepIndex = new Map(cat.steps.map((s, i) => [s.id, i]));
  cat.locationsById = new Map((cat.locations || []).map((l) => [l.id, l]));
  return cat;
}

// conditionDefs(rule, result) pairs each condition of a result with its
// definition: result.conditions[i] matches rule.all_conditions[i].
export function conditionDefs(rule, result) {
  const all = rule.all_conditions || rule.conditions || [];
  return result.conditions.map((c, i) => {
    const def = all[i] && all[i].id === c.id ? all[i] : all.find((d) => d.id === c.id);
    return { result: c, def: def || { id: c.id, kind: c.kind, label: { zh: c.id, en: c.id } } };
  });
}

// The parts of a live report the engine writes as null when they have not
// changed since the report held: whole, or element by element (see
// engine.Options.Unchanged). None of them is ever null otherwise.
const LIVE_WHOLE = ['headline', 'totals', 'relevant_questions', 'open_questions'];
const LIVE_ELEMENTS = ['documents', 'by_document', 'by_region', 'comparison', 'results'];

// mergeLive(held, report, since) → the whole report, or null
// when it cannot be made. report is the engine's estimateLive reply, parsed;
// held is {generation, report} of the last whole report the caller kept, or
// null. When since is not 0 the engine left out (as null) each part that
// has not changed since its report of that generation, which must be held's:
// a result, an element of documents, by_document, by_region or comparison,
// or the whole headline, totals or list of questions. Those are taken from
// held, the very objects, so that a renderer can tell an unchanged part by
// identity.
export function mergeLive(held, report, since) {
  if (!since || !report || report.error || !Array.isArray(report.results)) return report;
  if (!held || held.generation !== since) return null;
  const was = held.report;
  for (const k of LIVE_WHOLE) {
    if (report[k] !== null) continue;
    if (was[k] === null || was[k] === undefined) return null;
    report[k] = was[k];
  }
  for (const k of LIVE_ELEMENTS) {
    const now = report[k];
    if (!Array.isArray(now)) continue;
    const before = was[k];
    for (let i = 0; i < now.length; i++) {
      if (now[i] !== null) continue;
      if (!Array.isArray(before) || before.length !== now.length) return null;
      now[i] = before[i];
    }
  }
  return report;
}
