// Base information of the year (7.5 M records at scale 1.0): residents, houses and organizations
// of every worked grid, sealed — masked, SM4-encrypted, blind-indexed — by the imports' own batch
// sealer (sealBaseBatch), as collected by the grid's worker. Keys are unique by construction: an
// ID number's birth day and sequence, a house's village group and number, an organization's
// credit code all derive from the record's index.
import { makeCreditCode } from '../../core/base-info/credit-code.js';
import type { BaseImportKind } from '../../core/imports/columns.js';
import type { HouseRow, OrganizationRow, ResidentRow } from '../../core/imports/validate-base.js';
import { makeIdNumber } from '../../core/pii/validation.js';
import { hash32, simId } from '../../core/simulate/sim-random.js';
import type { PiiCrypto } from '../crypto/pii-crypto.js';
import type { AppDeps } from '../deps.js';
import { sealBaseBatch } from '../modules/base-info/base-import.service.js';
import { GIVEN_NAMES, SURNAMES } from '../seed/demo-texts.js';
import { CopyTable } from './copy-text.js';
import { ID_STAGE, type SimWorld } from './sim-world.js';

/** What making base records needs of the world: small and structured-cloneable (a worker gets it). */
export interface BaseWorld {
  seed: number;
  workedGrids: readonly string[];
  placeName: ReadonlyMap<string, string>;
  /** grid code → the grid worker who collects there */
  collector: ReadonlyMap<string, string>;
}

export function baseWorldOf(w: SimWorld): BaseWorld {
  const collector = new Map<string, string>();
  for (const g of w.workedGrids) {
    const worker = (w.gridStaff.get(g) ?? []).find((u) => u.role === 'grid_worker');
    if (worker) collector.set(g, worker.id);
  }
  return { seed: w.seed, workedGrids: w.workedGrids, placeName: w.placeName, collector };
}

export type BaseStage = 'residents' | 'houses' | 'organizations';

const COLUMNS: Record<BaseStage, readonly string[]> = {
  residents: [
    'county_code',
    'id',
    'region_code',
    'name',
    'id_number_masked',
    'id_number_enc',
    'id_number_bidx',
    'gender',
    'birth_date',
    'ethnicity',
    'domicile_code',
    'address_masked',
    'address_enc',
    'phone_masked',
    'phone_enc',
    'phone_bidx',
    'residence_status',
    'created_by',
    'created_at',
    'updated_by',
    'updated_at',
  ],
  houses: [
    'county_code',
    'id',
    'region_code',
    'address_masked',
    'address_enc',
    'address_bidx',
    'use',
    'owner_name',
    'id_number_masked',
    'id_number_enc',
    'id_number_bidx',
    'phone_masked',
    'phone_enc',
    'phone_bidx',
    'occupants',
    'created_by',
    'created_at',
    'updated_by',
    'updated_at',
  ],
  organizations: [
    'county_code',
    'id',
    'region_code',
    'name',
    'credit_code',
    'kind',
    'legal_representative',
    'phone_masked',
    'phone_enc',
    'phone_bidx',
    'address_masked',
    'address_enc',
    'created_by',
    'created_at',
    'updated_by',
    'updated_at',
  ],
};
const TABLE: Record<BaseStage, string> = {
  residents: 'base_residents',
  houses: 'base_houses',
  organizations: 'base_organizations',
};

export function baseTable(stage: BaseStage): CopyTable {
  return new CopyTable(TABLE[stage], COLUMNS[stage]);
}

/** Birth days of residents: 1936-01-01 … 2025-12-31 (a permutation step coprime with their count). */
const FIRST_BIRTH = Date.UTC(1936, 0, 1);
const BIRTH_DAYS = Math.round((Date.UTC(2026, 0, 1) - FIRST_BIRTH) / 86_400_000);
const BIRTH_STEP = 7919;
const BUSINESSES = [
  ['机械加工厂', 'enterprise'],
  ['便民超市', 'individual_business'],
  ['农资店', 'individual_business'],
  ['卫生室', 'public_institution'],
  ['种植专业合作社', 'social_organization'],
  ['物流有限公司', 'enterprise'],
  ['建材商行', 'individual_business'],
  ['餐馆', 'individual_business'],
] as const;

const name = (h: number) => SURNAMES[h % SURNAMES.length]! + GIVEN_NAMES[(h >>> 8) % GIVEN_NAMES.length]!;

/**
 * A unique ID number for resident i: birth day and sequence (500–999, clear of the demo's) from i,
 * so that no two residents share one in a county (base_residents_id_number_idx).
 */
export function residentIdNumber(county: string, i: number): { idNumber: string; birth: string } {
  const day = (i * BIRTH_STEP) % BIRTH_DAYS;
  const seq = 500 + Math.floor(i / BIRTH_DAYS);
  if (seq > 999) throw new RangeError('too many residents for unique simulated ID numbers');
  const birth = new Date(FIRST_BIRTH + day * 86_400_000).toISOString().slice(0, 10);
  return { idNumber: makeIdNumber(county, birth.replaceAll('-', ''), String(seq)), birth };
}

function value(w: BaseWorld, stage: BaseStage, i: number, grid: string, local: number) {
  const h = hash32(w.seed, ID_STAGE[stage], i);
  const county = grid.slice(0, 6);
  const village = w.placeName.get(grid.slice(0, 12)) ?? grid;
  const group = Number(grid.slice(12));
  const phone = `1${['3', '5', '7', '8'][h % 4]}${String(hash32(h, 9) % 1e9).padStart(9, '0')}`;
  const houseAddress = `${village}${group}组${local + 1}号`;
  if (stage === 'residents') {
    const { idNumber, birth } = residentIdNumber(county, i);
    const row: ResidentRow = {
      regionCode: grid,
      name: name(h),
      idNumber,
      gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
      birthDate: birth,
      ethnicity: h % 50 === 0 ? '03' : '01',
      domicileCode: h % 7 === 0 ? county.slice(0, 4) + '02' : county,
      address: `${village}${group}组${Math.floor(local / 3) + 1}号`,
      phone: birth < '2012' && h % 10 !== 0 ? phone : null,
      residenceStatus:
        h % 9 === 0 ? 'here_not_registered' : h % 31 === 0 ? 'registered_not_here' : 'consistent',
    };
    return row;
  }
  if (stage === 'houses') {
    const owner = residentIdNumber(county, hash32(i, 11) % 4_000_000);
    const row: HouseRow = {
      regionCode: grid,
      address: houseAddress,
      use: h % 12 === 0 ? 'mixed' : h % 17 === 0 ? 'commercial' : 'residential',
      ownerName: name(hash32(h, 3)),
      ownerIdNumber: owner.idNumber,
      ownerPhone: h % 5 === 0 ? null : phone,
      occupants: 1 + (h % 5),
    };
    return row;
  }
  const [business, kind] = BUSINESSES[h % BUSINESSES.length]!;
  const row: OrganizationRow = {
    regionCode: grid,
    name: `${village}${SURNAMES[(h >>> 4) % SURNAMES.length]}氏${business}`,
    creditCode:
      kind === 'individual_business' && h % 3 !== 0
        ? null
        : makeCreditCode(`${kind === 'enterprise' ? '91' : '52'}${county}YM${String(i).padStart(7, '0')}`),
    kind,
    legalRepresentative: name(hash32(h, 5)),
    phone: h % 4 === 0 ? `0534-${2000000 + (h % 7999999)}` : phone,
    address: `${village}${group}组${100 + (local % 400)}号`,
  };
  return row;
}

/**
 * Records [from, to) of `total` of a kind, spread evenly over the worked grids (record i lives in
 * grid ⌊i·G/total⌋), sealed per grid as its worker's batch and added to the table.
 */
export function makeBaseRecords(
  w: BaseWorld,
  crypto: PiiCrypto,
  stage: BaseStage,
  range: { from: number; to: number; total: number },
  collectedAt: (i: number) => Date,
  out: CopyTable,
): void {
  const grids = w.workedGrids;
  const G = grids.length;
  const gridOf = (i: number) => Math.floor((i * G) / range.total);
  const firstOf = (g: number) => Math.ceil((g * range.total) / G);
  let i = range.from;
  while (i < range.to) {
    const g = gridOf(i);
    const end = Math.min(range.to, firstOf(g + 1));
    const grid = grids[g]!;
    const values: unknown[] = [];
    for (let k = i; k < end; k++) values.push(value(w, stage, k, grid, k - firstOf(g)));
    const at = collectedAt(i);
    let next = i;
    // the imports' sealer, with the simulation's time and ids (one batch = one collection round)
    const deps = {
      crypto,
      clock: () => at,
      newId: () => simId(at.getTime(), w.seed, ID_STAGE[stage], next++),
    } as unknown as AppDeps;
    const batch = sealBaseBatch(deps, stage as BaseImportKind, values, w.collector.get(grid) ?? null);
    for (const r of batch.rows) out.addObject(r.insert as unknown as Record<string, unknown>);
    i = end;
  }
}
