// What the imports module needs of base information: which rows are already in the database
// (by blind index: a clear ID number never goes into a query) and a fast batch writer — every
// row sealed (masked, encrypted, indexed) before the transaction, then one multi-row INSERT per
// batch, so 50,000 residents take seconds.
import type { Insertable } from 'kysely';
import type { BaseImportKind } from '../../../core/imports/columns.js';
import type { HouseRow, OrganizationRow, ResidentRow } from '../../../core/imports/validate-base.js';
import { normalizeAddress } from '../../../core/base-info/fields.js';
import type { BaseHousesTable, BaseOrganizationsTable, BaseResidentsTable } from '../../db/tables.js';
import type { Trx } from '../../db/transaction.js';
import type { AppDeps } from '../../deps.js';
import * as q from './base-info.queries.js';
import { sealed } from './base-info.service.js';

/** The blind index (or, for credit codes, the value) a key is looked up by. */
function lookupOf(deps: AppDeps, kind: BaseImportKind, key: string): string {
  if (kind === 'residents') return deps.crypto.blindIndex('id_number', key);
  if (kind === 'houses') return deps.crypto.blindIndex('address', key);
  return key;
}

async function takenLookups(db: Trx | AppDeps['db']['kysely'], kind: BaseImportKind, lookups: string[]) {
  if (kind === 'residents') return q.takenIdNumbers(db, lookups);
  if (kind === 'houses') return q.takenAddresses(db, lookups);
  return q.takenCreditCodes(db, lookups);
}

/**
 * The keys (normal ID numbers, normal addresses, credit codes: see baseRowKey) among `keys` that
 * a record anywhere in the database already has.
 */
export async function takenBaseKeys(
  deps: AppDeps,
  kind: BaseImportKind,
  keys: string[],
): Promise<Set<string>> {
  const byLookup = new Map(keys.filter(Boolean).map((k) => [lookupOf(deps, kind, k), k]));
  const taken = await takenLookups(deps.db.kysely, kind, [...byLookup.keys()]);
  return new Set([...taken].map((l) => byLookup.get(l)!));
}

type BaseInsert =
  Insertable<BaseResidentsTable> | Insertable<BaseHousesTable> | Insertable<BaseOrganizationsTable>;

/** Rows ready to insert, each with its lookup value and what a report may show of its key. */
export interface SealedBatch {
  kind: BaseImportKind;
  rows: { lookup: string; shown: string; insert: BaseInsert }[];
}

/** Seals a batch of validated rows outside any transaction (the CPU-heavy part). */
export function sealBaseBatch(
  deps: AppDeps,
  kind: BaseImportKind,
  values: unknown[],
  actorId: string | null,
): SealedBatch {
  const now = deps.clock();
  const stamp = { created_by: actorId, created_at: now, updated_by: actorId, updated_at: now };
  const where = (regionCode: string) => ({
    county_code: regionCode.slice(0, 6),
    id: deps.newId(),
    region_code: regionCode,
  });
  const rows = values.map((v) => {
    if (kind === 'residents') {
      const r = v as ResidentRow;
      const idNo = sealed(deps.crypto, 'id_number', r.idNumber);
      const phone = sealed(deps.crypto, 'phone', r.phone);
      const address = sealed(deps.crypto, 'address', r.address);
      const insert: Insertable<BaseResidentsTable> = {
        ...where(r.regionCode),
        name: r.name,
        id_number_masked: idNo.masked!,
        id_number_enc: idNo.enc!,
        id_number_bidx: idNo.bidx!,
        gender: r.gender,
        birth_date: r.birthDate || null,
        ethnicity: r.ethnicity,
        domicile_code: r.domicileCode,
        address_masked: address.masked,
        address_enc: address.enc,
        phone_masked: phone.masked,
        phone_enc: phone.enc,
        phone_bidx: phone.bidx,
        residence_status: r.residenceStatus,
        ...stamp,
      };
      return { lookup: idNo.bidx!, shown: idNo.masked!, insert };
    }
    if (kind === 'houses') {
      const h = v as HouseRow;
      const address = sealed(deps.crypto, 'address', h.address);
      const idNo = sealed(deps.crypto, 'id_number', h.ownerIdNumber);
      const phone = sealed(deps.crypto, 'phone', h.ownerPhone);
      const insert: Insertable<BaseHousesTable> = {
        ...where(h.regionCode),
        address_masked: address.masked!,
        address_enc: address.enc!,
        address_bidx: address.bidx!,
        use: h.use,
        owner_name: h.ownerName,
        id_number_masked: idNo.masked,
        id_number_enc: idNo.enc,
        id_number_bidx: idNo.bidx,
        phone_masked: phone.masked,
        phone_enc: phone.enc,
        phone_bidx: phone.bidx,
        occupants: h.occupants,
        ...stamp,
      };
      return {
        lookup: deps.crypto.blindIndex('address', normalizeAddress(h.address)),
        shown: address.masked!,
        insert,
      };
    }
    const o = v as OrganizationRow;
    const phone = sealed(deps.crypto, 'phone', o.phone);
    const address = sealed(deps.crypto, 'address', o.address);
    const insert: Insertable<BaseOrganizationsTable> = {
      ...where(o.regionCode),
      name: o.name,
      credit_code: o.creditCode,
      kind: o.kind,
      legal_representative: o.legalRepresentative,
      phone_masked: phone.masked,
      phone_enc: phone.enc,
      phone_bidx: phone.bidx,
      address_masked: address.masked,
      address_enc: address.enc,
      ...stamp,
    };
    return { lookup: o.creditCode ?? '', shown: o.name, insert };
  });
  return { kind, rows };
}

/**
 * Writes a sealed batch in the caller's transaction (which holds the import lock of the kind):
 * rows whose key another writer recorded meanwhile are skipped, the rest go in one INSERT.
 * Returns the number written and the indexes skipped, with what the report may show of them.
 */
export async function insertBaseBatch(
  trx: Trx,
  batch: SealedBatch,
): Promise<{ written: number; skipped: { index: number; shown: string }[] }> {
  const lookups = batch.rows.map((r) => r.lookup).filter(Boolean);
  const taken = await takenLookups(trx, batch.kind, lookups);
  const skipped: { index: number; shown: string }[] = [];
  const fresh: BaseInsert[] = [];
  batch.rows.forEach((r, index) => {
    if (r.lookup && taken.has(r.lookup)) skipped.push({ index, shown: r.shown });
    else fresh.push(r.insert);
  });
  if (batch.kind === 'residents') await q.insertResidents(trx, fresh as Insertable<BaseResidentsTable>[]);
  else if (batch.kind === 'houses') await q.insertHouses(trx, fresh as Insertable<BaseHousesTable>[]);
  else await q.insertOrganizations(trx, fresh as Insertable<BaseOrganizationsTable>[]);
  return { written: fresh.length, skipped };
}
