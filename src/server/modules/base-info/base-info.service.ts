// What the three kinds of base information share: the policy guard, where a record may go, the
// encryption of its personal data, the parsing of a search string, paging, and unmasking through
// the one unmask service.
import type { BaseInfoAction } from '../../../core/workflow/policy.js';
import { mayOnBaseInfo, roleMayOnBaseInfo } from '../../../core/workflow/policy.js';
import { normalizeAddress } from '../../../core/base-info/fields.js';
import { isValidCreditCode, normalizeCreditCode } from '../../../core/base-info/credit-code.js';
import { levelOfCode } from '../../../core/regions/region-code.js';
import { normalizeIdNumber, normalizePhone } from '../../../core/pii/validation.js';
import { maskAddress, maskIdNumber, maskPhone } from '../../../core/pii/masking.js';
import type { PiiCrypto, PiiField } from '../../crypto/pii-crypto.js';
import type { Trx } from '../../db/transaction.js';
import type { AppDeps } from '../../deps.js';
import { HttpError, badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { recordAudit } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { unmaskField } from '../pii/unmask.service.js';
import * as q from './base-info.queries.js';
import type { Search } from './base-info.queries.js';

export type StaffAuth = Extract<AuthContext, { kind: 'staff' }>;
/** The kinds of base information, as the API and the access log name them. */
export type BaseKind = 'resident' | 'house' | 'organization';

/** Page size when none is asked for; at most 100. */
export const DEFAULT_LIMIT = 50;

/** 403 unless the caller's role may ever do `action` on base information. */
export function requireBaseRole(auth: AuthContext, action: BaseInfoAction): StaffAuth {
  if (auth.kind !== 'staff' || !roleMayOnBaseInfo(auth.user.role, action)) throw forbidden();
  return auth;
}

/** Whether the caller may do `action` at `regionCode`. */
export function mayAt(auth: StaffAuth, action: BaseInfoAction, regionCode: string): boolean {
  return mayOnBaseInfo(auth.actor, action, regionCode);
}

/**
 * The grid a new or moved record goes to: the one given, else the caller's own grid. It must be a
 * known grid within the caller's scope for `action`.
 */
export async function placeFor(
  db: Kysely<Database>,
  auth: StaffAuth,
  action: BaseInfoAction,
  code: string | undefined,
): Promise<{ regionCode: string; countyCode: string }> {
  const regionCode = code ?? (levelOfCode(auth.user.scopeCode) === 'grid' ? auth.user.scopeCode : undefined);
  if (!regionCode) throw badRequest('base.region_required');
  const region = await q.regionOf(db, regionCode);
  if (!region) throw badRequest('base.unknown_region', { code: regionCode });
  if (region.level !== 'grid') throw badRequest('base.not_grid', { code: regionCode });
  if (!mayAt(auth, action, regionCode))
    throw new HttpError(403, 'base.region_out_of_scope', { code: regionCode });
  return { regionCode, countyCode: regionCode.slice(0, 6) };
}

/**
 * An existing record the caller edits: 404 unless they may read it, 403 unless they may write it.
 * Returns it, and the grid it moves to when `regionCode` names another one (only within its
 * county: the county code is part of its key), else null.
 */
export async function editTarget<R extends { region_code: string; county_code: string }>(
  db: Kysely<Database>,
  auth: StaffAuth,
  row: R | undefined,
  regionCode: string | undefined,
  action: BaseInfoAction = 'base_write',
): Promise<{ row: R; moveTo: string | null }> {
  if (!row || !mayAt(auth, 'base_read', row.region_code)) throw notFound();
  if (!mayAt(auth, action, row.region_code)) throw forbidden();
  if (regionCode === undefined || regionCode === row.region_code) return { row, moveTo: null };
  const place = await placeFor(db, auth, action, regionCode);
  if (place.countyCode !== row.county_code) throw badRequest('base.other_county');
  return { row, moveTo: place.regionCode };
}

/** The stored form of one personal-data value: mask, ciphertext and (for exact search) blind index. */
export function sealed(crypto: PiiCrypto, field: PiiField, value: string | null) {
  if (value === null) return { masked: null, enc: null, bidx: null };
  const normal =
    field === 'phone'
      ? normalizePhone(value)
      : field === 'id_number'
        ? normalizeIdNumber(value)
        : value.trim();
  const masked =
    field === 'phone'
      ? maskPhone(normal)
      : field === 'id_number'
        ? maskIdNumber(normal)
        : maskAddress(normal);
  const bidx = crypto.blindIndex(field, field === 'address' ? normalizeAddress(normal) : normal);
  return { masked, enc: crypto.encrypt(field, normal), bidx };
}

/**
 * What a search string means: an 18-character ID number or a credit code (organizations), a phone
 * number, an exact address (houses), else a name prefix. Blind indexes make the exact ones
 * findable without storing them in clear.
 */
export function searchOf(crypto: PiiCrypto, kind: BaseKind, text: string): Search {
  const s = text.trim();
  if (kind === 'organization' && isValidCreditCode(s))
    return { kind: 'credit_code', code: normalizeCreditCode(s) };
  if (kind !== 'organization' && /^\d{17}[\dXx]$/.test(s))
    return { kind: 'id_number', bidx: crypto.blindIndex('id_number', normalizeIdNumber(s)) };
  const phone = normalizePhone(s);
  if (/^\d{7,12}$/.test(phone)) return { kind: 'phone', bidx: crypto.blindIndex('phone', phone) };
  if (kind === 'house' && /\d/.test(s) && [...s].length >= 8)
    return { kind: 'address', bidx: crypto.blindIndex('address', normalizeAddress(s)) };
  return { kind: 'name', prefix: s };
}

/**
 * Runs a write and turns a unique violation (a concurrent writer recorded the same person, house
 * or code between our check and our insert) into the 409 the check would have given.
 */
export async function unlessDuplicate<T>(messageKey: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as { code?: unknown }).code === '23505') throw conflict(messageKey);
    throw err;
  }
}

/** A keyset page from `limit + 1` rows. */
export function pageOf<R extends { id: string }, T>(rows: R[], limit: number, view: (r: R) => T) {
  const page = rows.slice(0, limit);
  return {
    items: page.map(view),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/** The audit record of a change to base information (field names only, never the values). */
export async function auditChange(
  trx: Trx,
  deps: AppDeps,
  auth: StaffAuth,
  e: {
    kind: BaseKind;
    op: 'create' | 'update' | 'key_groups';
    id: string;
    regionCode: string;
    fields: string[];
  },
  ip: string | null,
) {
  await recordAudit(trx, deps.newId(), {
    actorId: auth.user.id,
    actorRole: auth.user.role,
    actorLabel: auth.user.username,
    at: deps.clock(),
    ip,
    action: `base.${e.kind}.${e.op}`,
    targetType: e.kind,
    targetId: e.id,
    result: 'success',
    detail: { region_code: e.regionCode, fields: e.fields },
  });
}

/** The ciphertexts a record holds, by field (a field a kind lacks is absent). */
type Ciphers = Partial<Record<PiiField, Buffer | null>>;

/**
 * A field of a base record in clear, through the one unmask service: a record outside the
 * caller's scope is not found; one they may read but not unmask is refused (and audited).
 */
export async function unmaskBase(
  deps: AppDeps,
  auth: AuthContext,
  input: { kind: BaseKind; id: string; field: PiiField; reason: string },
  find: (trx: Trx, id: string) => Promise<({ region_code: string } & Ciphers) | undefined>,
  ip: string | null,
): Promise<string | null> {
  return unmaskField(
    deps,
    auth,
    {
      subjectType: input.kind,
      subjectId: input.id,
      field: input.field,
      reason: input.reason,
      locate: async (trx) => {
        // a role that may not even read base information learns nothing about the record
        if (auth.kind !== 'staff' || !roleMayOnBaseInfo(auth.user.role, 'base_read'))
          return { allowed: false };
        const row = await find(trx, input.id);
        if (!row || !mayAt(auth, 'base_read', row.region_code)) throw notFound();
        if (!mayAt(auth, 'base_unmask', row.region_code)) return { allowed: false };
        if (!(input.field in row)) throw badRequest('base.field_not_applicable', { field: input.field });
        return { allowed: true, blob: row[input.field] ?? null };
      },
    },
    ip,
  );
}

/** Households per child region of `code` (child codes of length `childLength`), for grid coverage. */
export async function householdsByChildRegion(
  db: Kysely<Database>,
  code: string,
  childLength: number,
): Promise<Map<string, number>> {
  const rows = await q.householdCountsByChild(db, code, childLength);
  return new Map(rows.map((r) => [r.child, Number(r.households)]));
}
