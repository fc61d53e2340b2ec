// Residents (人口) of base information: list and search masked, read one, create, edit, flag key
// groups (重点人群). Every read is masked; clear values only through unmaskBase.
import type { Gender, HouseRelation, KeyGroup, ResidenceStatus } from '../../../core/base-info/fields.js';
import { ETHNICITIES, factsOfIdNumber } from '../../../core/base-info/fields.js';
import { maskName } from '../../../core/pii/masking.js';
import { isValidIdNumber, isValidPhone, normalizeIdNumber } from '../../../core/pii/validation.js';
import type { PiiField } from '../../crypto/pii-crypto.js';
import type { Updateable } from 'kysely';
import type { BaseResidentsTable } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import type { AppDeps } from '../../deps.js';
import { HttpError, badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import * as q from './base-info.queries.js';
import type { StaffAuth } from './base-info.service.js';
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

type ResidentRow = NonNullable<Awaited<ReturnType<typeof q.findResident>>>;

/** What a resident looks like to any reader: masked. Key groups only for those who may see them. */
function residentView(
  r: Omit<ResidentRow, 'id_number_enc' | 'phone_enc' | 'address_enc' | 'id_number_bidx'>,
) {
  return {
    id: r.id,
    name: maskName(r.name),
    idNumber: r.id_number_masked,
    phone: r.phone_masked,
    address: r.address_masked,
    gender: r.gender,
    // the year only: a full birth date beside the masked ID number would give most of it away
    birthYear: r.birth_date ? Number(r.birth_date.slice(0, 4)) : null,
    ethnicity: r.ethnicity,
    domicileCode: r.domicile_code,
    residenceStatus: r.residence_status,
    houseId: r.house_id,
    houseRelation: r.house_relation,
    regionCode: r.region_code,
    regionName: r.region_name,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
export type ResidentView = ReturnType<typeof residentView> & { keyGroups?: KeyGroup[] };

export interface ResidentQuery {
  region?: string;
  q?: string;
  keyGroup?: KeyGroup;
  houseId?: string;
  cursor?: string;
  limit?: number;
}

export async function listResidents(deps: AppDeps, authAny: AuthContext, query: ResidentQuery) {
  const auth = requireBaseRole(authAny, 'base_read');
  const seesGroups = mayAt(auth, 'key_groups_read', auth.user.scopeCode);
  if (query.keyGroup && !seesGroups) throw new HttpError(403, 'base.key_groups_hidden');
  const limit = query.limit ?? 50;
  const db = deps.db.kysely;
  const rows = await q.listResidents(db, {
    scope: auth.user.scopeCode,
    region: query.region,
    after: query.cursor,
    limit: limit + 1,
    keyGroup: query.keyGroup,
    houseId: query.houseId,
    ...(query.q?.trim() ? { search: searchOf(deps.crypto, 'resident', query.q) } : {}),
  });
  const page = pageOf(rows, limit, residentView);
  if (!seesGroups) return page;
  const groups = await q.activeKeyGroups(
    db,
    page.items.map((i) => i.id),
  );
  return { ...page, items: page.items.map((i) => ({ ...i, keyGroups: groups.get(i.id) ?? [] })) };
}

/** A resident the caller may read, or 404 (outside the scope is indistinguishable from absent). */
async function readable(deps: AppDeps, auth: StaffAuth, id: string): Promise<ResidentRow> {
  const row = await q.findResident(deps.db.kysely, id);
  if (!row || !mayAt(auth, 'base_read', row.region_code)) throw notFound();
  return row;
}

export async function getResident(deps: AppDeps, authAny: AuthContext, id: string) {
  const auth = requireBaseRole(authAny, 'base_read');
  const row = await readable(deps, auth, id);
  const view: ResidentView = residentView(row);
  if (!mayAt(auth, 'key_groups_read', row.region_code)) return view;
  const history = await q.keyGroupHistory(deps.db.kysely, id);
  return {
    ...view,
    keyGroups: history.filter((h) => !h.cleared_at).map((h) => h.key_group),
    keyGroupHistory: history.map((h) => ({
      group: h.key_group,
      reason: h.reason,
      setAt: h.set_at.toISOString(),
      setBy: h.set_by_name,
      clearedAt: h.cleared_at?.toISOString() ?? null,
      clearedBy: h.cleared_by_name,
      clearReason: h.clear_reason,
    })),
  };
}

export interface ResidentInput {
  regionCode?: string;
  name?: string;
  idNumber?: string;
  gender?: Gender;
  birthDate?: string;
  ethnicity?: string | null;
  domicileCode?: string | null;
  address?: string | null;
  phone?: string | null;
  residenceStatus?: ResidenceStatus;
  houseId?: string | null;
  houseRelation?: HouseRelation | null;
}

/** Field checks of a create or an edit: 400 with the first problem. */
function checkFields(input: ResidentInput) {
  if (input.idNumber !== undefined && !isValidIdNumber(input.idNumber))
    throw badRequest('base.bad_id_number');
  if (input.phone && !isValidPhone(input.phone)) throw badRequest('base.bad_phone');
  if (input.ethnicity && !Object.hasOwn(ETHNICITIES, input.ethnicity))
    throw badRequest('base.bad_ethnicity', { value: input.ethnicity });
  if (input.domicileCode && !/^\d{6,12}$/.test(input.domicileCode)) throw badRequest('base.bad_domicile');
}

/** Gender and birth date as the ID number says; given values must agree with it. */
function identityOf(idNumber: string, input: ResidentInput) {
  const facts = factsOfIdNumber(idNumber)!;
  if (input.gender && input.gender !== 'unknown' && input.gender !== facts.gender)
    throw badRequest('base.id_mismatch', { field: 'gender' });
  if (input.birthDate && input.birthDate !== facts.birthDate)
    throw badRequest('base.id_mismatch', { field: 'birthDate' });
  return facts;
}

export async function createResident(
  deps: AppDeps,
  authAny: AuthContext,
  input: ResidentInput,
  ip: string | null,
) {
  const auth = requireBaseRole(authAny, 'base_write');
  checkFields(input);
  const idNumber = normalizeIdNumber(input.idNumber!);
  const facts = identityOf(idNumber, input);
  if (input.houseRelation && !input.houseId) throw badRequest('base.house_relation_without_house');
  const id = deps.newId();
  await unlessDuplicate('base.duplicate_id_number', () =>
    withTransaction(deps.db, async (trx) => {
      const place = await placeFor(trx, auth, 'base_write', input.regionCode);
      await checkHouse(trx, auth, place.countyCode, input.houseId);
      const idNo = sealed(deps.crypto, 'id_number', idNumber);
      if (await q.idNumberTaken(trx, idNo.bidx!)) throw conflict('base.duplicate_id_number');
      const phone = sealed(deps.crypto, 'phone', input.phone ?? null);
      const address = sealed(deps.crypto, 'address', input.address?.trim() || null);
      const now = deps.clock();
      await q.insertResidents(trx, [
        {
          county_code: place.countyCode,
          id,
          region_code: place.regionCode,
          name: input.name!.trim(),
          id_number_masked: idNo.masked!,
          id_number_enc: idNo.enc!,
          id_number_bidx: idNo.bidx!,
          gender: facts.gender,
          birth_date: facts.birthDate,
          ethnicity: input.ethnicity ?? null,
          domicile_code: input.domicileCode ?? null,
          address_masked: address.masked,
          address_enc: address.enc,
          phone_masked: phone.masked,
          phone_enc: phone.enc,
          phone_bidx: phone.bidx,
          residence_status: input.residenceStatus ?? 'consistent',
          house_id: input.houseId ?? null,
          house_relation: input.houseRelation ?? null,
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
        { kind: 'resident', op: 'create', id, regionCode: place.regionCode, fields: Object.keys(input) },
        ip,
      );
    }),
  );
  return getResident(deps, auth, id);
}

/** A house the resident may live in: in the caller's scope and the same county. */
async function checkHouse(
  db: Parameters<typeof q.findHouse>[0],
  auth: StaffAuth,
  countyCode: string,
  houseId?: string | null,
) {
  if (!houseId) return;
  const house = await q.findHouse(db, houseId);
  if (!house || house.county_code !== countyCode || !mayAt(auth, 'base_read', house.region_code))
    throw badRequest('base.unknown_house');
}

export async function updateResident(
  deps: AppDeps,
  authAny: AuthContext,
  id: string,
  input: ResidentInput,
  ip: string | null,
) {
  const auth = requireBaseRole(authAny, 'base_write');
  checkFields(input);
  await unlessDuplicate('base.duplicate_id_number', () =>
    withTransaction(deps.db, async (trx) => {
      const { row, moveTo } = await editTarget(trx, auth, await q.findResident(trx, id), input.regionCode);
      const set: Updateable<BaseResidentsTable> = {};
      if (moveTo) set.region_code = moveTo;
      if (input.name !== undefined) set.name = input.name.trim();
      const idNumber = input.idNumber !== undefined ? normalizeIdNumber(input.idNumber) : null;
      // gender and birth date follow the ID number; given ones are only checked against it
      if (!idNumber && (input.gender || input.birthDate))
        identityOf(deps.crypto.decrypt('id_number', row.id_number_enc), input);
      if (idNumber) {
        const facts = identityOf(idNumber, input);
        const idNo = sealed(deps.crypto, 'id_number', idNumber);
        if (await q.idNumberTaken(trx, idNo.bidx!, id)) throw conflict('base.duplicate_id_number');
        Object.assign(set, {
          id_number_masked: idNo.masked,
          id_number_enc: idNo.enc,
          id_number_bidx: idNo.bidx,
          gender: facts.gender,
          birth_date: facts.birthDate,
        });
      }
      if (input.phone !== undefined) {
        const phone = sealed(deps.crypto, 'phone', input.phone);
        Object.assign(set, { phone_masked: phone.masked, phone_enc: phone.enc, phone_bidx: phone.bidx });
      }
      if (input.address !== undefined) {
        const address = sealed(deps.crypto, 'address', input.address?.trim() || null);
        Object.assign(set, { address_masked: address.masked, address_enc: address.enc });
      }
      if (input.ethnicity !== undefined) set.ethnicity = input.ethnicity;
      if (input.domicileCode !== undefined) set.domicile_code = input.domicileCode;
      if (input.residenceStatus !== undefined) set.residence_status = input.residenceStatus;
      const houseId = input.houseId !== undefined ? input.houseId : row.house_id;
      const relation =
        input.houseRelation !== undefined ? input.houseRelation : houseId ? row.house_relation : null;
      if (relation && !houseId) throw badRequest('base.house_relation_without_house');
      if (input.houseId !== undefined) {
        await checkHouse(trx, auth, row.county_code, input.houseId);
        set.house_id = input.houseId;
      }
      if (relation !== row.house_relation) set.house_relation = relation;
      await q.updateResident(
        trx,
        { countyCode: row.county_code, id },
        {
          ...set,
          updated_by: auth.user.id,
          updated_at: deps.clock(),
        },
      );
      await auditChange(
        trx,
        deps,
        auth,
        {
          kind: 'resident',
          op: 'update',
          id,
          regionCode: set.region_code ?? row.region_code,
          fields: Object.keys(input),
        },
        ip,
      );
    }),
  );
  return getResident(deps, auth, id);
}

/**
 * Sets the resident's key groups to exactly `groups`: new ones are flagged, missing ones cleared,
 * both with the reason and the caller on record (the flags table keeps cleared rows).
 */
export async function setKeyGroups(
  deps: AppDeps,
  authAny: AuthContext,
  id: string,
  input: { groups: KeyGroup[]; reason: string },
  ip: string | null,
) {
  const auth = requireBaseRole(authAny, 'key_groups_flag');
  const reason = input.reason.trim();
  if (reason.length < 2) throw badRequest('base.reason_required');
  await unlessDuplicate('base.concurrent_change', () =>
    withTransaction(deps.db, async (trx) => {
      const row = await q.findResident(trx, id);
      if (!row || !mayAt(auth, 'base_read', row.region_code)) throw notFound();
      if (!mayAt(auth, 'key_groups_flag', row.region_code)) throw forbidden();
      const active = (await q.activeKeyGroups(trx, [id])).get(id) ?? [];
      const wanted = [...new Set(input.groups)];
      const now = deps.clock();
      await q.insertKeyGroups(
        trx,
        wanted
          .filter((g) => !active.includes(g))
          .map((g) => ({
            county_code: row.county_code,
            id: deps.newId(),
            resident_id: id,
            key_group: g,
            reason,
            set_by: auth.user.id,
            set_at: now,
          })),
      );
      await q.clearKeyGroups(
        trx,
        { countyCode: row.county_code, residentId: id },
        active.filter((g) => !wanted.includes(g)),
        { cleared_by: auth.user.id, cleared_at: now, clear_reason: reason },
      );
      await auditChange(
        trx,
        deps,
        auth,
        { kind: 'resident', op: 'key_groups', id, regionCode: row.region_code, fields: ['keyGroups'] },
        ip,
      );
    }),
  );
  return getResident(deps, auth, id);
}

export async function unmaskResident(
  deps: AppDeps,
  auth: AuthContext,
  input: { id: string; field: PiiField; reason: string },
  ip: string | null,
) {
  return unmaskBase(
    deps,
    auth,
    { kind: 'resident', ...input },
    async (trx, id) => {
      const r = await q.findResident(trx, id);
      return (
        r && {
          region_code: r.region_code,
          id_number: r.id_number_enc,
          phone: r.phone_enc,
          address: r.address_enc,
        }
      );
    },
    ip,
  );
}
