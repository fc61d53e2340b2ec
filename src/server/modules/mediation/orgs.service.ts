// The mediation organizations' directory (四调联动): organizations of the four kinds on the region
// tree, their mediators' roster (specialties, contact, active or not) and the live workload (open
// cases per mediator). Organizations themselves are units: the system administrator creates and
// edits them (admin/units); the roster is kept here by the dispatcher in scope or the organization.
import { maskPhone } from '../../../core/pii/masking.js';
import { isValidPhone, normalizePhone } from '../../../core/pii/validation.js';
import { ancestorCodes } from '../../../core/regions/region-code.js';
import {
  isMediationOrgAllowed,
  mediationOrgRelations,
  mediationOrgRoleMayEver,
  type MediationOrgAction,
} from '../../../core/workflow/policy.js';
import type { AppDeps } from '../../deps.js';
import type { MediationKind } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../http/errors.js';
import { recordStaffAction } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import * as q from './orgs.queries.js';

type Staff = Extract<AuthContext, { kind: 'staff' }>;

/**
 * The organization when the caller may do `action` on it: 404 when there is none or the caller
 * may not even read it (existence does not leak), 403 when they read it but may not do this.
 */
export async function orgFor(deps: AppDeps, auth: Staff, orgId: string, action: MediationOrgAction) {
  const org = await q.findOrg(deps.db.kysely, orgId);
  if (!org || org.kind !== 'mediation_org') throw notFound();
  const rel = mediationOrgRelations(auth.user, { id: org.id, regionCode: org.region_code });
  if (!isMediationOrgAllowed(auth.user.role, 'read_orgs', rel)) throw notFound();
  if (!isMediationOrgAllowed(auth.user.role, action, rel)) throw forbidden();
  return org;
}

export interface OrgListFilter {
  kind?: MediationKind;
  text?: string;
  cursor?: string;
  limit?: number;
}

/** The organizations the caller may read, by code, with their roster size and open cases. */
export async function listOrgs(deps: AppDeps, auth: Staff, f: OrgListFilter) {
  if (!mediationOrgRoleMayEver(auth.user.role, 'read_orgs')) throw forbidden();
  const db = deps.db.kysely;
  const limit = f.limit ?? 50;
  const own = auth.user.role === 'mediator' ? auth.user.unitId : null;
  // a mediator reads their own organization only; the centers' staff their area and above
  const scoped = auth.user.role !== 'mediator';
  const rows = await q.findOrgs(db, {
    scope: scoped ? auth.user.scopeCode : null,
    above: scoped ? ancestorCodes(auth.user.scopeCode) : [],
    ownUnitId: own,
    kind: f.kind,
    text: f.text?.trim() || undefined,
    after: f.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const ids = page.map((o) => o.id);
  const [roster, accounts, open] = await Promise.all([
    q.rosterOf(db, ids),
    q.accountsWithoutRoster(db, ids),
    q.openCasesOfOrgs(db, ids),
  ]);
  return {
    items: page.map((o) => {
      const people = [
        ...roster.filter((m) => m.org_unit_id === o.id).map((m) => m.active && m.account_active !== false),
        ...accounts.filter((a) => a.unit_id === o.id).map((a) => a.active),
      ];
      return {
        id: o.id,
        code: o.code,
        name: o.name,
        mediationKind: o.mediation_kind,
        regionCode: o.region_code,
        regionName: o.region_name ?? null,
        active: o.active,
        mediators: people.length,
        activeMediators: people.filter(Boolean).length,
        openCases: open.get(o.id) ?? 0,
      };
    }),
    nextCursor: rows.length > limit ? page[page.length - 1]!.code : null,
  };
}

export interface MediatorView {
  /** the roster entry; null for a mediator account not on the roster yet */
  id: string | null;
  userId: string | null;
  username: string | null;
  name: string;
  /** category codes */
  specialties: string[];
  phoneMasked: string | null;
  /** takes cases (the roster's flag and, for an account, the account's) */
  active: boolean;
  /** the account's own state; null without an account */
  accountActive: boolean | null;
  /** open cases the mediator leads or is a member of */
  openCases: number;
  leading: number;
}

/** The roster of some organizations with each mediator's live workload. */
async function mediatorsOf(deps: AppDeps, orgIds: readonly string[]) {
  const db = deps.db.kysely;
  const [roster, accounts] = await Promise.all([q.rosterOf(db, orgIds), q.accountsWithoutRoster(db, orgIds)]);
  const userIds = [...roster.flatMap((m) => (m.user_id ? [m.user_id] : [])), ...accounts.map((a) => a.id)];
  const work = await q.openWork(
    db,
    userIds,
    roster.map((m) => m.id),
  );
  const load = (keys: string[]) => {
    const mine = work.filter((w) => keys.includes(w.key));
    return {
      openCases: new Set(mine.map((w) => w.case_id)).size,
      leading: new Set(mine.filter((w) => w.lead).map((w) => w.case_id)).size,
    };
  };
  const views: (MediatorView & { orgId: string })[] = [
    ...roster.map((m) => ({
      orgId: m.org_unit_id,
      id: m.id,
      userId: m.user_id,
      username: m.username ?? null,
      name: m.name,
      specialties: m.specialties,
      phoneMasked: m.phone_masked,
      active: m.active && m.account_active !== false,
      accountActive: m.user_id ? (m.account_active ?? null) : null,
      ...load([`m:${m.id}`, ...(m.user_id ? [`u:${m.user_id}`] : [])]),
    })),
    ...accounts.map((a) => ({
      orgId: a.unit_id!,
      id: null,
      userId: a.id,
      username: a.username,
      name: a.display_name,
      specialties: [],
      phoneMasked: null,
      active: a.active,
      accountActive: a.active,
      ...load([`u:${a.id}`]),
    })),
  ];
  return views.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** One organization with its mediators and their workload. */
export async function getOrg(deps: AppDeps, auth: Staff, orgId: string) {
  const org = await orgFor(deps, auth, orgId, 'read_orgs');
  const rel = mediationOrgRelations(auth.user, { id: org.id, regionCode: org.region_code });
  const [mediators, open] = await Promise.all([
    mediatorsOf(deps, [org.id]),
    q.openCasesOfOrgs(deps.db.kysely, [org.id]),
  ]);
  return {
    id: org.id,
    code: org.code,
    name: org.name,
    mediationKind: org.mediation_kind,
    regionCode: org.region_code,
    regionName: org.region_name ?? null,
    centerName: org.center_name ?? null,
    active: org.active,
    openCases: open.get(org.id) ?? 0,
    /** whether the caller may keep the roster (the page shows its forms) */
    canManage: isMediationOrgAllowed(auth.user.role, 'manage_mediators', rel),
    mediators: mediators.map(({ orgId: _o, ...m }) => m),
  };
}

/** Active mediators of organizations with their load, for the team suggestions of a case. */
export async function mediatorsForSuggestion(deps: AppDeps, orgIds: readonly string[]) {
  return (await mediatorsOf(deps, orgIds)).filter((m) => m.active);
}

export interface MediatorInput {
  /** a mediator account of the organization; its name comes from the account unless given */
  userId?: string;
  name?: string;
  specialties: string[];
  phone?: string;
  active?: boolean;
}

async function checkSpecialties(deps: AppDeps, specialties: readonly string[]): Promise<string[]> {
  const codes = [...new Set(specialties)];
  const known = await q.knownCategories(deps.db.kysely, codes);
  const unknown = codes.find((c) => !known.has(c));
  if (unknown) throw unprocessable('mediation.unknown_specialty', { code: unknown });
  return codes;
}

function phoneFields(deps: AppDeps, phone: string | null | undefined) {
  if (phone === undefined) return {};
  const trimmed = phone?.trim() ?? '';
  if (!trimmed) return { phone_enc: null, phone_masked: null };
  if (!isValidPhone(trimmed)) throw badRequest('mediation.bad_phone');
  const normalized = normalizePhone(trimmed);
  return { phone_enc: deps.crypto.encrypt('phone', normalized), phone_masked: maskPhone(normalized) };
}

/** Adds a mediator to an organization's roster (an account of it, or a person without one). */
export async function addMediator(
  deps: AppDeps,
  auth: Staff,
  orgId: string,
  input: MediatorInput,
  ip: string | null,
) {
  const name = input.name?.trim() ?? '';
  if (!input.userId && !name) throw badRequest('mediation.blank', { field: 'name' });
  const phone = phoneFields(deps, input.phone);
  const org = await orgFor(deps, auth, orgId, 'manage_mediators');
  const specialties = await checkSpecialties(deps, input.specialties);
  const id = deps.newId();
  await withTransaction(deps.db, async (trx) => {
    let display = name;
    if (input.userId) {
      const account = await q.getAccount(trx, input.userId);
      if (!account || account.role !== 'mediator' || account.unit_id !== org.id) {
        throw unprocessable('mediation.mediator_account');
      }
      if (await q.mediatorOfUser(trx, input.userId)) throw conflict('mediation.mediator_exists');
      display = name || account.display_name;
    }
    const now = deps.clock();
    await q.insertMediator(trx, {
      id,
      org_unit_id: org.id,
      user_id: input.userId ?? null,
      name: display,
      specialties: JSON.stringify(specialties),
      phone_enc: null,
      phone_masked: null,
      ...phone,
      active: input.active ?? true,
      created_at: now,
      updated_at: now,
    });
    // never the phone in the audit log
    await recordStaffAction(trx, deps, {
      user: auth.user,
      at: now,
      ip,
      action: 'mediation.mediator_add',
      targetType: 'mediator',
      targetId: id,
      detail: { orgId: org.id, userId: input.userId ?? null, specialties, active: input.active ?? true },
    });
  });
  return { id };
}

export interface MediatorPatch {
  name?: string;
  specialties?: string[];
  /** an empty string removes the phone */
  phone?: string;
  active?: boolean;
}

/** Changes a roster entry: name, specialties, phone, active. */
export async function updateMediator(
  deps: AppDeps,
  auth: Staff,
  mediatorId: string,
  patch: MediatorPatch,
  ip: string | null,
) {
  const m = await q.getMediator(deps.db.kysely, mediatorId);
  if (!m) throw notFound();
  await orgFor(deps, auth, m.org_unit_id, 'manage_mediators');
  const name = patch.name === undefined ? undefined : patch.name.trim();
  if (name === '') throw badRequest('mediation.blank', { field: 'name' });
  const phone = phoneFields(deps, patch.phone);
  const specialties = patch.specialties ? await checkSpecialties(deps, patch.specialties) : undefined;
  await withTransaction(deps.db, async (trx) => {
    const now = deps.clock();
    await q.updateMediator(trx, m.id, {
      ...(name !== undefined ? { name } : {}),
      ...(specialties ? { specialties: JSON.stringify(specialties) } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...phone,
      updated_at: now,
    });
    await recordStaffAction(trx, deps, {
      user: auth.user,
      at: now,
      ip,
      action: 'mediation.mediator_update',
      targetType: 'mediator',
      targetId: m.id,
      detail: {
        fields: Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined),
        ...(specialties ? { specialties } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
      },
    });
  });
  return { id: m.id };
}
