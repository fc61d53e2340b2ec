// Houses (房屋) of base information: address, use, owner and occupants (GB/T 31000-2015). The
// address and the owner's ID number and phone are personal data: encrypted, masked on read.
import type { HouseUse } from '../../../core/base-info/fields.js';
import { maskName } from '../../../core/pii/masking.js';
import { isValidIdNumber, isValidPhone } from '../../../core/pii/validation.js';
import type { PiiField } from '../../crypto/pii-crypto.js';
import type { Updateable } from 'kysely';
import type { BaseHousesTable } from '../../db/tables.js';
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
import { listResidents } from './residents.service.js';

type HouseRow = Awaited<ReturnType<typeof q.listHouses>>[number];

function houseView(h: Omit<HouseRow, 'resident_count'> & { resident_count?: number | string | null }) {
  return {
    id: h.id,
    address: h.address_masked,
    use: h.use,
    ownerName: h.owner_name ? maskName(h.owner_name) : null,
    ownerIdNumber: h.id_number_masked,
    ownerPhone: h.phone_masked,
    occupants: h.occupants,
    ...(h.resident_count !== undefined ? { residentCount: Number(h.resident_count ?? 0) } : {}),
    note: h.note,
    regionCode: h.region_code,
    regionName: h.region_name,
    createdAt: h.created_at.toISOString(),
    updatedAt: h.updated_at.toISOString(),
  };
}

export async function listHouses(
  deps: AppDeps,
  authAny: AuthContext,
  query: { region?: string; q?: string; cursor?: string; limit?: number },
) {
  const auth = requireBaseRole(authAny, 'base_read');
  const limit = query.limit ?? 50;
  const rows = await q.listHouses(deps.db.kysely, {
    scope: auth.user.scopeCode,
    region: query.region,
    after: query.cursor,
    limit: limit + 1,
    ...(query.q?.trim() ? { search: searchOf(deps.crypto, 'house', query.q) } : {}),
  });
  return pageOf(rows, limit, houseView);
}

/** One house with the residents recorded in it (masked). */
export async function getHouse(deps: AppDeps, authAny: AuthContext, id: string) {
  const auth = requireBaseRole(authAny, 'base_read');
  const row = await q.findHouse(deps.db.kysely, id);
  if (!row || !mayAt(auth, 'base_read', row.region_code)) throw notFound();
  const residents = await listResidents(deps, auth, { houseId: id, limit: 100 });
  return { ...houseView(row), residents: residents.items };
}

export interface HouseInput {
  regionCode?: string;
  address?: string;
  use?: HouseUse;
  ownerName?: string | null;
  ownerIdNumber?: string | null;
  ownerPhone?: string | null;
  occupants?: number;
  note?: string | null;
}

function checkFields(input: HouseInput) {
  if (input.ownerIdNumber && !isValidIdNumber(input.ownerIdNumber)) throw badRequest('base.bad_id_number');
  if (input.ownerPhone && !isValidPhone(input.ownerPhone)) throw badRequest('base.bad_phone');
}

/** The stored columns of the personal fields given in `input`. */
function sealedColumns(deps: AppDeps, input: HouseInput): Updateable<BaseHousesTable> {
  const out: Updateable<BaseHousesTable> = {};
  if (input.address !== undefined) {
    const a = sealed(deps.crypto, 'address', input.address);
    Object.assign(out, { address_masked: a.masked, address_enc: a.enc, address_bidx: a.bidx });
  }
  if (input.ownerIdNumber !== undefined) {
    const i = sealed(deps.crypto, 'id_number', input.ownerIdNumber || null);
    Object.assign(out, { id_number_masked: i.masked, id_number_enc: i.enc, id_number_bidx: i.bidx });
  }
  if (input.ownerPhone !== undefined) {
    const p = sealed(deps.crypto, 'phone', input.ownerPhone || null);
    Object.assign(out, { phone_masked: p.masked, phone_enc: p.enc, phone_bidx: p.bidx });
  }
  return out;
}

export async function createHouse(deps: AppDeps, authAny: AuthContext, input: HouseInput, ip: string | null) {
  const auth = requireBaseRole(authAny, 'base_write');
  checkFields(input);
  const id = deps.newId();
  await unlessDuplicate('base.duplicate_address', () =>
    withTransaction(deps.db, async (trx) => {
      const place = await placeFor(trx, auth, 'base_write', input.regionCode);
      const cols = sealedColumns(deps, {
        ...input,
        ownerIdNumber: input.ownerIdNumber ?? null,
        ownerPhone: input.ownerPhone ?? null,
      });
      if (await q.addressTaken(trx, cols.address_bidx!)) throw conflict('base.duplicate_address');
      const now = deps.clock();
      await q.insertHouses(trx, [
        {
          ...(cols as Pick<BaseHousesTable, 'address_masked' | 'address_enc' | 'address_bidx'>),
          county_code: place.countyCode,
          id,
          region_code: place.regionCode,
          use: input.use ?? 'residential',
          owner_name: input.ownerName?.trim() || null,
          occupants: input.occupants ?? 0,
          note: input.note ?? null,
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
        { kind: 'house', op: 'create', id, regionCode: place.regionCode, fields: Object.keys(input) },
        ip,
      );
    }),
  );
  return getHouse(deps, auth, id);
}

export async function updateHouse(
  deps: AppDeps,
  authAny: AuthContext,
  id: string,
  input: HouseInput,
  ip: string | null,
) {
  const auth = requireBaseRole(authAny, 'base_write');
  checkFields(input);
  await unlessDuplicate('base.duplicate_address', () =>
    withTransaction(deps.db, async (trx) => {
      const { row, moveTo } = await editTarget(trx, auth, await q.findHouse(trx, id), input.regionCode);
      const set = sealedColumns(deps, input);
      if (moveTo) set.region_code = moveTo;
      if (set.address_bidx && (await q.addressTaken(trx, set.address_bidx, id)))
        throw conflict('base.duplicate_address');
      if (input.use !== undefined) set.use = input.use;
      if (input.ownerName !== undefined) set.owner_name = input.ownerName?.trim() || null;
      if (input.occupants !== undefined) set.occupants = input.occupants;
      if (input.note !== undefined) set.note = input.note;
      await q.updateHouse(
        trx,
        { countyCode: row.county_code, id },
        { ...set, updated_by: auth.user.id, updated_at: deps.clock() },
      );
      await auditChange(
        trx,
        deps,
        auth,
        {
          kind: 'house',
          op: 'update',
          id,
          regionCode: set.region_code ?? row.region_code,
          fields: Object.keys(input),
        },
        ip,
      );
    }),
  );
  return getHouse(deps, auth, id);
}

export async function unmaskHouse(
  deps: AppDeps,
  auth: AuthContext,
  input: { id: string; field: PiiField; reason: string },
  ip: string | null,
) {
  return unmaskBase(
    deps,
    auth,
    { kind: 'house', ...input },
    async (trx, id) => {
      const h = await q.findHouse(trx, id);
      return (
        h && {
          region_code: h.region_code,
          address: h.address_enc,
          id_number: h.id_number_enc,
          phone: h.phone_enc,
        }
      );
    },
    ip,
  );
}
