// Where a warning (预警) goes: the place it is about and the level that must act on it. Centers sit
// at township, county and city level; a warning is routed to the center of the level responsible
// for the place, and everyone above sees it too (scopes are prefixes of region codes).
import type { HandlingLevel } from '../workflow/case-model.js';

export const WARNING_KINDS = ['high_risk', 'repeat', 'spike', 'stuck'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];
export const WARNING_SEVERITIES = ['red', 'orange', 'yellow'] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];
export const WARNING_STATUSES = ['open', 'acknowledged', 'handled'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

const LEVEL_LENGTH: Record<HandlingLevel, number> = { village: 9, township: 9, county: 6, city: 4 };
/** Lengths of the codes of the levels that have centers, deepest first. */
const CENTER_LENGTHS = [9, 6, 4] as const;

/**
 * The code of the level that must act: a red warning (violence, self-harm, a year-end wage
 * gathering) goes to the county at once; otherwise the level that handles the case (a village's
 * case to its township), by default the township of the place.
 */
export function responsibleLevel(
  regionCode: string,
  severity: WarningSeverity,
  handlingLevel?: HandlingLevel,
): string {
  const length = severity === 'red' ? 6 : LEVEL_LENGTH[handlingLevel ?? 'township'];
  return regionCode.slice(0, Math.min(length, regionCode.length));
}

/**
 * The place of several cases (a person who came back at two townships): their longest common
 * prefix, cut back to a level that has centers (township, county or city).
 */
export function commonRegion(codes: readonly string[]): string {
  if (codes.length === 0) throw new Error('commonRegion of nothing');
  let prefix = codes[0]!;
  for (const c of codes.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < c.length && prefix[i] === c[i]) i++;
    prefix = prefix.slice(0, i);
  }
  const length = CENTER_LENGTHS.find((l) => l <= prefix.length) ?? Math.min(4, prefix.length);
  return prefix.slice(0, length);
}

/** The higher of two severities. */
export function higherSeverity(a: WarningSeverity, b: WarningSeverity): WarningSeverity {
  return WARNING_SEVERITIES.indexOf(a) <= WARNING_SEVERITIES.indexOf(b) ? a : b;
}
