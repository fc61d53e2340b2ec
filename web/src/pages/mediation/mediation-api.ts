// Shapes of the mediation directory and statistics answers (the server's TypeBox schemas are the
// source: src/server/modules/mediation/orgs.routes.ts, followup.routes.ts), and their URLs.
export type MediationKind = 'people' | 'industry' | 'administrative' | 'judicial';
export const MEDIATION_KINDS: readonly MediationKind[] = ['people', 'industry', 'administrative', 'judicial'];

export interface OrgItem {
  id: string;
  code: string;
  name: string;
  mediationKind: MediationKind | null;
  regionCode: string;
  regionName: string | null;
  active: boolean;
  mediators: number;
  activeMediators: number;
  openCases: number;
}

export interface Mediator {
  id: string | null;
  userId: string | null;
  username: string | null;
  name: string;
  specialties: string[];
  phoneMasked: string | null;
  active: boolean;
  accountActive: boolean | null;
  openCases: number;
  leading: number;
}

export interface OrgDetail {
  id: string;
  code: string;
  name: string;
  mediationKind: MediationKind | null;
  regionCode: string;
  regionName: string | null;
  centerName: string | null;
  active: boolean;
  openCases: number;
  canManage: boolean;
  mediators: Mediator[];
}

export interface Figures {
  cases: number;
  concluded: number;
  agreements: number;
  failed: number;
  open: number;
  successRate: number | null;
  averageDays: number | null;
}

export interface Stats {
  from: string;
  to: string;
  total: Figures;
  orgs: (Figures & { orgId: string; name: string; mediationKind: string | null })[];
  mediators: (Figures & { userId: string; name: string; orgId: string; orgName: string })[];
}

/** The list URL for a filter and page. */
export function orgsUrl(f: { kind?: MediationKind; q?: string }, cursor: string | null): string {
  const p = new URLSearchParams();
  if (f.kind) p.set('kind', f.kind);
  if (f.q?.trim()) p.set('q', f.q.trim());
  if (cursor) p.set('cursor', cursor);
  p.set('limit', '50');
  return `/api/mediation-orgs?${p.toString()}`;
}

/** 0.8333 → 83.3 %; none → — */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)} %`;
}

/**
 * The body of a roster change from the form: only what changed; a phone left empty keeps the old
 * one and "-" removes it (the server takes "" as removal).
 */
export function mediatorPatch(
  before: Pick<Mediator, 'name' | 'specialties' | 'active'>,
  form: { name: string; specialties: string[]; phone?: string; active: boolean },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (form.name.trim() !== before.name) out.name = form.name.trim();
  const same =
    form.specialties.length === before.specialties.length &&
    form.specialties.every((s) => before.specialties.includes(s));
  if (!same) out.specialties = form.specialties;
  if (form.active !== before.active) out.active = form.active;
  const phone = form.phone?.trim() ?? '';
  if (phone === '-') out.phone = '';
  else if (phone) out.phone = phone;
  return out;
}
