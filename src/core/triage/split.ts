// The deterministic train / held-out split of the labelled texts: by a hash of each record's id,
// so adding or reordering lines never moves an existing record to the other side.
import { stableHash } from '../analysis/stable-hash.js';

/** One in this many records is held out from training to measure the model. */
export const HELD_OUT_FOLDS = 4;

/** Whether the labelled record with this id belongs to the held-out part. */
export function isHeldOut(id: string): boolean {
  return stableHash(`triage-split:${id}`) % HELD_OUT_FOLDS === 0;
}

/** A labelled text (one line of assets/triage/labelled.jsonl). */
export interface LabelledText {
  id: string;
  text: string;
  category: string;
  risk: 'red' | 'orange' | 'yellow' | 'blue';
  /** who wrote it: a resident, a clerk or a grid worker (phrasing differs) */
  by: 'resident' | 'clerk' | 'grid';
}

/** Splits the records into training and held-out parts (order kept). */
export function splitLabelled<T extends { id: string }>(records: readonly T[]): { train: T[]; heldOut: T[] } {
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const r of records) (isHeldOut(r.id) ? heldOut : train).push(r);
  return { train, heldOut };
}
