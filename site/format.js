// Words for amounts, periods and statuses, shared by the report and the
// catalogue page. An amount the document does not set is said so plainly:
// no figure is ever made up.

import { t, tx, yuan, yuanRange } from './i18n.js';

// amountAsWritten(rule.amount) → the amount as the text gives it, without answers.
export function amountAsWritten(amount) {
  switch (amount.kind) {
    case 'fixed':
      return yuan(amount.value);
    case 'range':
      return yuanRange(amount.min, amount.max);
    case 'cap':
      return t('amount.cap', { max: yuan(amount.max) });
    case 'per_item':
      return t('amount.perItem', { value: yuan(amount.value) });
    case 'formula':
      return t('amount.formula');
    case 'unset':
      return t('amount.unset');
    case 'none':
      return t('amount.none');
    default:
      return amount.kind;
  }
}

// amountForResult(rule.amount, result.amount) → the amount under the answers.
// Returns {text, undetermined, missing}.
export function amountForResult(def, res) {
  const kind = (res && res.kind) || def.kind;
  if (kind === 'unset') return { text: t('amount.unset'), unset: true };
  if (kind === 'none') return { text: t('amount.none'), none: true };
  const min = res ? res.min : null;
  const max = res ? res.max : null;
  if (min === null || max === null || min === undefined || max === undefined) {
    const asWritten = kind === 'formula' ? '' : amountAsWritten(def);
    return {
      text: asWritten ? `${t('amount.undetermined')} (${asWritten})` : t('amount.undetermined'),
      undetermined: true,
      missing: (res && res.missing) || [],
    };
  }
  switch (kind) {
    case 'cap':
      return { text: t('amount.cap', { max: yuan(max) }) };
    case 'per_item': {
      const per = res.per_item ?? def.value;
      return { text: per ? t('amount.perItemTotal', { total: yuanRange(min, max), value: yuan(per) }) : yuanRange(min, max) };
    }
    default:
      return { text: yuanRange(min, max) };
  }
}

export function periodText(period) {
  if (!period) return '';
  if (period.kind === 'yearly' && period.years) return t('period.yearlyYears', { years: period.years });
  return t(`period.${period.kind}`);
}

export function statusText(status) {
  return t(`status.${status}`);
}

// A range {min, max} of yuan as text.
export function rangeText(range) {
  return range ? yuanRange(range.min, range.max) : '';
}

// Label of a question by id, in the current language.
export function questionLabel(catalogue, id) {
  const q = catalogue.questionsById.get(id);
  return q ? tx(q.label) : id;
}
