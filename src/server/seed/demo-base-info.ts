// Base information of the demo (issue 6): in the grid of each demo grid worker (grid.<township>),
// a few dozen residents living in a dozen houses, and some businesses, written sealed (encrypted,
// masked, blind-indexed) by the same batch writer the imports use; two residents are flagged as
// key groups by the township dispatcher. Takes well under a second.
import type { HouseRow, OrganizationRow, ResidentRow } from '../../core/imports/validate-base.js';
import { makeCreditCode } from '../../core/base-info/credit-code.js';
import { factsOfIdNumber } from '../../core/base-info/fields.js';
import { makeIdNumber } from '../../core/pii/validation.js';
import type { AppDeps } from '../deps.js';
import { withTransaction } from '../db/transaction.js';
import { insertBaseBatch, sealBaseBatch } from '../modules/base-info/base-import.service.js';
import { DEMO_PLACES } from './demo-accounts.js';
import { prng } from './demo-context.js';
import { GIVEN_NAMES, SURNAMES } from './demo-texts.js';

const HOUSES_PER_GRID = 12;
const RESIDENTS_PER_HOUSE = 3;
const ORGANIZATIONS_PER_GRID = 6;
const STREETS = ['东街', '西街', '南街', '北街', '中心路', '幸福路', '文化路', '兴业路'];
const BUSINESSES = [
  ['机械加工厂', 'enterprise'],
  ['便民超市', 'individual_business'],
  ['农资店', 'individual_business'],
  ['卫生室', 'public_institution'],
  ['种植专业合作社', 'social_organization'],
  ['物流有限公司', 'enterprise'],
] as const;

/** Seeds the demo grids' base information; a database that has some already is left alone. */
export async function seedDemoBaseInfo(deps: AppDeps): Promise<number> {
  const db = deps.db.kysely;
  const already = await db.selectFrom('base_residents').select('id').limit(1).executeTakeFirst();
  if (already) return 0;
  const workers = await db
    .selectFrom('users')
    .select(['id', 'username', 'scope_code'])
    .where(
      'username',
      'in',
      DEMO_PLACES.map((p) => `grid.${p.slug}`),
    )
    .execute();
  const dispatchers = new Map(
    (
      await db
        .selectFrom('users')
        .select(['id', 'scope_code'])
        .where(
          'username',
          'in',
          DEMO_PLACES.map((p) => `dispatcher.${p.slug}`),
        )
        .execute()
    ).map((d) => [d.scope_code, d.id]),
  );
  const rng = prng(20260601);
  let written = 0;
  let serial = 0;
  await withTransaction(deps.db, async (trx) => {
    for (const w of workers) {
      const grid = w.scope_code;
      const place = `${grid.slice(0, 6)}`;
      const houses: HouseRow[] = [];
      const residents: (ResidentRow & { house: number; relation: 'owner' | 'family' | 'tenant' })[] = [];
      for (let h = 0; h < HOUSES_PER_GRID; h++) {
        const address = `${rng.pick(STREETS)} ${h + 1} 号（网格 ${grid.slice(-6)}）`;
        const family = rng.pick(SURNAMES);
        for (let r = 0; r < RESIDENTS_PER_HOUSE; r++) {
          serial += 1;
          const year = r === 2 ? 2005 + rng.int(12) : 1950 + rng.int(45);
          const birth = `${year}${String(1 + rng.int(12)).padStart(2, '0')}${String(1 + rng.int(28)).padStart(2, '0')}`;
          const idNumber = makeIdNumber(place, birth, String(serial % 1000).padStart(3, '0'));
          const facts = factsOfIdNumber(idNumber)!;
          residents.push({
            regionCode: grid,
            name: family + rng.pick(GIVEN_NAMES),
            idNumber,
            gender: facts.gender,
            birthDate: facts.birthDate,
            ethnicity: rng.int(20) === 0 ? '03' : '01',
            domicileCode: rng.int(5) === 0 ? '371402' : place,
            address,
            phone: r === 2 ? null : `13${5 + rng.int(5)}${String(rng.int(1e8)).padStart(8, '0')}`,
            residenceStatus: rng.int(6) === 0 ? 'here_not_registered' : 'consistent',
            house: h,
            relation: r === 0 ? 'owner' : h % 5 === 4 ? 'tenant' : 'family',
          });
        }
        const owner = residents[residents.length - RESIDENTS_PER_HOUSE]!;
        houses.push({
          regionCode: grid,
          address,
          use: h % 6 === 5 ? 'mixed' : 'residential',
          ownerName: owner.name,
          ownerIdNumber: owner.idNumber,
          ownerPhone: owner.phone,
          occupants: RESIDENTS_PER_HOUSE,
        });
      }
      const organizations: OrganizationRow[] = BUSINESSES.slice(0, ORGANIZATIONS_PER_GRID).map(
        ([name, kind], i) => ({
          regionCode: grid,
          name: `${rng.pick(SURNAMES)}氏${name}`,
          creditCode:
            kind === 'enterprise'
              ? makeCreditCode(`91${place}MA${String(serial + i).padStart(7, '0')}`)
              : null,
          kind,
          legalRepresentative: rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES),
          phone: `0534-${2000000 + rng.int(7999999)}`,
          address: `${rng.pick(STREETS)} ${100 + i} 号`,
        }),
      );

      const sealedHouses = sealBaseBatch(deps, 'houses', houses, w.id);
      written += (await insertBaseBatch(trx, sealedHouses)).written;
      const sealedResidents = sealBaseBatch(deps, 'residents', residents, w.id);
      sealedResidents.rows.forEach((row, i) => {
        Object.assign(row.insert, {
          house_id: sealedHouses.rows[residents[i]!.house]!.insert.id,
          house_relation: residents[i]!.relation,
        });
      });
      written += (await insertBaseBatch(trx, sealedResidents)).written;
      written += (await insertBaseBatch(trx, sealBaseBatch(deps, 'organizations', organizations, w.id)))
        .written;

      // 重点人群: a young resident and one released from prison, flagged by the township
      const dispatcher = dispatchers.get(grid.slice(0, 9));
      if (dispatcher) {
        const flags = [
          [residents.findIndex((r) => r.birthDate >= '2005'), 'at_risk_youth', '学校与派出所联合通报'],
          [1, 'released_prisoner', '司法所安置帮教名单'],
        ] as const;
        await trx
          .insertInto('base_key_groups')
          .values(
            flags
              .filter(([i]) => i >= 0)
              .map(([i, group, reason]) => ({
                county_code: grid.slice(0, 6),
                id: deps.newId(),
                resident_id: sealedResidents.rows[i]!.insert.id,
                key_group: group,
                reason,
                set_by: dispatcher,
                set_at: deps.clock(),
              })),
          )
          .execute();
      }
    }
  });
  return written;
}
