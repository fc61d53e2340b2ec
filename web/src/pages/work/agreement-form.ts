// The agreement form's rule for the due days of its terms (履行): sent only when the team set a day,
// or "nothing to perform", for some term; else every term is due by the performance deadline.
import type { Dayjs } from 'dayjs';

export interface TermDueValues {
  terms: string[];
  performanceDeadline: Dayjs;
  /** a term's own due day, by index of the term */
  termDue?: (Dayjs | undefined)[];
  /** the term obliges no one, by index */
  termNone?: (boolean | undefined)[];
}

/** termDueDays for the API: one per term (null: nothing to perform), or undefined for "all by the deadline". */
export function termDueDays(v: TermDueValues): (string | null)[] | undefined {
  const given = v.terms.some((_, i) => v.termDue?.[i] || v.termNone?.[i]);
  if (!given) return undefined;
  const deadline = v.performanceDeadline.format('YYYY-MM-DD');
  return v.terms.map((_, i) => (v.termNone?.[i] ? null : (v.termDue?.[i]?.format('YYYY-MM-DD') ?? deadline)));
}
