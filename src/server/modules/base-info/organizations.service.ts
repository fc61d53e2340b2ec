// Businesses and organizations (单位) of base information: name, unified social credit code (GB
// 32100, checked), kind, legal representative, phone and address (GB/T 31000-2015). The phone and
// address are encrypted and masked like every other personal field.
import { isValidCreditCode, normalizeCreditCode } from '../../../core/base-info/credit-code.js';
import type { OrganizationKind } from '../../../core/base-info/fields.js';
import { maskName } from '../../../core/pii/masking.js';
import { isValidPhone } from '../../../core/pii/validation.js';
import type { PiiField } from '../../crypto/pii-crypto.js';
import type { Updateable } from 'kysely';
import type { BaseOrganizationsTable } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import type { AppDeps } from '../../deps.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import * as q from './base-info.queries.js';
import {
  auditChange,
  unlessDuplicate,
  mayAt,
  pageOf,
  placeFor,
  requireBaseRole,
  sealed,
  searchOf,
  unmaskBase,
  editTarget,
} from './base-info.service.js';

type OrganizationRow = Awaited<ReturnType<typeof q.listOrganizations>>[number];

function organizationView(o: OrganizationRow) {
  return {
    id: o.id,
    name: o.name,
    creditCode: o.credit_code,
    kind: o.kind,
    legalRepresentative: o.legal_representative ? maskName(o.legal_representative) : null,
    phone: o.phone_masked,
    address: o.address_masked,
    regionCode: o.region_code,
    regionName: o.region_name,
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
  };
}

export async function listOrganizations(
  deps: AppDeps,
  authAny: AuthContext,
  query: { region?: string; q?: string; cursor?: string; limit?: number },
) {
  const auth = requireBaseRole(authAny, 'base_read');
  const limit = query.limit ?? 50;
  const rows = await q.listOrganizations(deps.db.kysely, {
    scope: auth.user.scopeCode,
    region: query.region,
    after: query.cursor,
    limit: limit + 1,
    ...(query.q?.trim() ? { search: searchOf(deps.crypto, 'organization', query.q) } : {}),
  });
  return pageOf(rows, limit, organizationView);
}

export async function getOrganization(deps: AppDeps, authAny: AuthContext, id: string) {
  const auth = requireBaseRole(authAny, 'base_read');
  const row = await q.findOrganization(deps.db.kysely, id);
  if (!row || !mayAt(auth, 'base_read', row.region_code)) throw notFound();
  return organizationView(row);
}

export interface OrganizationInput {
  regionCode?: string;
  name?: string;
  creditCode?: string | null;
  kind?: OrganizationKind;
  legalRepresentative?: string | null;
  phone?: string | null;
  address?: string | null;
}

function checkFields(input: OrganizationInput) {
  if (input.creditCode && !isValidCreditCode(input.creditCode)) throw badRequest('base.bad_credit_code');
  if (input.phone && !isValidPhone(input.phone)) throw badRequest('base.bad_phone');
}

function sealedColumns(deps: AppDeps, input: OrganizationInput) {
  const out: Updateable<BaseOrganizationsTable> = {};
  if (input.phone !== undefined) {
    const p = sealed(deps.crypto, 'phone', input.phone || null);
    Object.assign(out, { phone_masked: p.masked, phone_enc: p.enc, phone_bidx: p.bidx });
  }
  if (input.address !== undefined) {
    const a = sealed(deps.crypto, 'address', input.address?.trim() || null);
    Object.assign(out, { address_masked: a.masked, address_enc: a.enc });
  }
  return out;
}

export async function createOrganization(
  deps: AppDeps,
  authAny: AuthContext,
  input: OrganizationInput,
  ip: string | null,
) {
  const auth = requireBaseRole(authAny, 'base_write');
  checkFields(input);
  const id = deps.newId();
  const creditCode = input.creditCode ? normalizeCreditCode(input.creditCode) : null;
  await unlessDuplicate('base.duplicate_credit_code', () =>
    withTransaction(deps.db, async (trx) => {
      const place = await placeFor(trx, auth, 'base_write', input.regionCode);
      if (creditCode && (await q.creditCodeTaken(trx, creditCode)))
        throw conflict('base.duplicate_credit_code');
      const now = deps.clock();
      await q.insertOrganizations(trx, [
        {
          ...sealedColumns(deps, { phone: input.phone ?? null, address: input.address ?? null }),
          county_code: place.countyCode,
          id,
          region_code: place.regionCode,
          name: input.name!.trim(),
          credit_code: creditCode,
          kind: input.kind ?? 'enterprise',
          legal_representative: input.legalRepresentative?.trim() || null,
          created_by: auth.user.id,
          created_at: now,
          updated_by: auth.user.id,
          updated_at: now,
        },
      ]);
      await auditChange(
        trx,
        deps,
        auth,
        { kind: 'organization', op: 'create', id, regionCode: place.regionCode, fields: Object.keys(input) },
        ip,
      );
    }),
  );
  return getOrganization(deps, auth, id);
}

export async function updateOrganization(
  deps: AppDeps,
  authAny: AuthContext,
  id: string,
  input: OrganizationInput,
  ip: string | null,
) {
  const auth = requireBaseRole(authAny, 'base_write');
  checkFields(input);
  await unlessDuplicate('base.duplicate_credit_code', () =>
    withTransaction(deps.db, async (trx) => {
      const { row, moveTo } = await editTarget(
        trx,
        auth,
        await q.findOrganization(trx, id),
        input.regionCode,
      );
      const set = sealedColumns(deps, input);
      if (moveTo) set.region_code = moveTo;
      if (input.creditCode !== undefined) {
        const code = input.creditCode ? normalizeCreditCode(input.creditCode) : null;
        if (code && (await q.creditCodeTaken(trx, code, id))) throw conflict('base.duplicate_credit_code');
        set.credit_code = code;
      }
      if (input.name !== undefined) set.name = input.name.trim();
      if (input.kind !== undefined) set.kind = input.kind;
      if (input.legalRepresentative !== undefined)
        set.legal_representative = input.legalRepresentative?.trim() || null;
      await q.updateOrganization(
        trx,
        { countyCode: row.county_code, id },
        { ...set, updated_by: auth.user.id, updated_at: deps.clock() },
      );
      await auditChange(
        trx,
        deps,
        auth,
        {
          kind: 'organization',
          op: 'update',
          id,
          regionCode: set.region_code ?? row.region_code,
          fields: Object.keys(input),
        },
        ip,
      );
    }),
  );
  return getOrganization(deps, auth, id);
}

export async function unmaskOrganization(
  deps: AppDeps,
  auth: AuthContext,
  input: { id: string; field: PiiField; reason: string },
  ip: string | null,
) {
  return unmaskBase(
    deps,
    auth,
    { kind: 'organization', ...input },
    async (trx, id) => {
      const o = await q.findOrganization(trx, id);
      return o && { region_code: o.region_code, phone: o.phone_enc, address: o.address_enc };
    },
    ip,
  );
}
