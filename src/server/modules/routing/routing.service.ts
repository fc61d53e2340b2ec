// The "suggested unit" when a dispatcher assigns a case (分流交办): routing rules map a category
// and a region prefix to a unit; the first match by priority wins (lower number first).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { findFirstMatchingRule, insertRoutingRules, type RoutingRuleRow } from './routing.queries.js';

export interface SuggestedUnit {
  ruleId: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  unitKind: string;
  /** the rule that matched: its region prefix and category (null = any category) */
  regionPrefix: string;
  categoryCode: string | null;
}

/**
 * A default priority that makes specific rules win: any rule for a named category comes before
 * every catch-all rule (category null), and within each group a longer region prefix comes
 * first. So in 神头镇 a labor case goes to the county's labor mediation committee, anything else
 * to the township's people's mediation committee.
 */
export function defaultRulePriority(regionPrefix: string, categoryCode: string | null): number {
  return (categoryCode === null ? 2000 : 1000) - regionPrefix.length * 10;
}

/** The unit the rules suggest for a case of this category at this region node, or null. */
export async function suggestUnit(
  db: Kysely<Database>,
  categoryCode: string,
  regionCode: string,
): Promise<SuggestedUnit | null> {
  const m = await findFirstMatchingRule(db, categoryCode, regionCode);
  if (!m) return null;
  return {
    ruleId: m.rule_id,
    unitId: m.unit_id,
    unitCode: m.unit_code,
    unitName: m.unit_name,
    unitKind: m.unit_kind,
    regionPrefix: m.region_prefix,
    categoryCode: m.category_code,
  };
}

export interface NewRoutingRule {
  id: string;
  /** default: defaultRulePriority(regionPrefix, categoryCode) */
  priority?: number;
  categoryCode: string | null;
  regionPrefix: string;
  unitId: string;
}

/** Adds rules in batches; returns how many were new (ids already present are skipped). */
export async function addRoutingRules(
  db: Kysely<Database>,
  rules: readonly NewRoutingRule[],
  now: Date,
): Promise<number> {
  const rows: RoutingRuleRow[] = rules.map((r) => ({
    id: r.id,
    priority: r.priority ?? defaultRulePriority(r.regionPrefix, r.categoryCode),
    category_code: r.categoryCode,
    region_prefix: r.regionPrefix,
    unit_id: r.unitId,
    created_at: now,
  }));
  return insertRoutingRules(db, rows);
}
