// SQL of the warnings (预警): the warnings and their trail, and the reads that find what to warn
// about (earlier cases of a person or address, the counts behind spikes, stuck cases). The case
// tables are read here directly, never through the cases module's queries.
import { sql } from 'kysely';
import type { Expression, Insertable, Kysely, RawBuilder, SqlBool } from 'kysely';
import { prefixUpperBound } from '../../../core/regions/region-code.js';
import type { WarningKind, WarningStatus } from '../../../core/analysis/warning-routing.js';
import type { Database, WarningEventsTable, WarningsTable } from '../../db/tables.js';

type Q = Kysely<Database>;

/** `column` lies under the region `prefix`: a btree range (no LIKE, no escaping). */
function underPrefix(column: string, prefix: string) {
  const upper = prefixUpperBound(prefix);
  return upper
    ? sql<SqlBool>`${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${upper}`
    : sql<SqlBool>`${sql.ref(column)} >= ${prefix}`;
}

export async function centerAt(db: Q, levelCode: string): Promise<string | null> {
  const row = await db
    .selectFrom('units')
    .select('id')
    .where('kind', '=', 'center')
    .where('region_code', '=', levelCode)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Inserts a warning unless its subject has one; the id when inserted, else null. */
export async function insertWarning(db: Q, row: Insertable<WarningsTable>): Promise<string | null> {
  const r = await db
    .insertInto('warnings')
    .values(row)
    .onConflict((oc) => oc.column('subject_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function lockWarningBySubject(db: Q, subjectKey: string) {
  return db
    .selectFrom('warnings')
    .selectAll()
    .where('subject_key', '=', subjectKey)
    .forUpdate()
    .executeTakeFirst();
}

export async function lockWarning(db: Q, id: string) {
  return db.selectFrom('warnings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function getWarningRow(db: Q, id: string) {
  return db.selectFrom('warnings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A warning with the names a reader wants beside it (place, unit, case number). */
export async function getWarningView(db: Q, id: string) {
  return db
    .selectFrom('warnings as w')
    .leftJoin('regions as r', 'r.code', 'w.region_code')
    .leftJoin('units as u', 'u.id', 'w.unit_id')
    .leftJoin('cases as c', 'c.id', 'w.case_id')
    .selectAll('w')
    .select(['r.name as region_name', 'u.name as unit_name', 'c.case_no'])
    .where('w.id', '=', id)
    .executeTakeFirst();
}

export async function updateWarning(db: Q, id: string, set: Partial<Insertable<WarningsTable>>) {
  await db
    .updateTable('warnings')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function insertWarningEvent(db: Q, row: Insertable<WarningEventsTable>): Promise<void> {
  await db.insertInto('warning_events').values(row).execute();
}

export async function warningEvents(db: Q, warningId: string) {
  return db
    .selectFrom('warning_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.at', 'e.action', 'e.note', 'e.detail', 'e.actor_id', 'u.display_name as actor_name'])
    .where('e.warning_id', '=', warningId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

/** Open (not handled) warnings under a region, counted by kind. */
/**
 * Open warnings under a region by kind: for a township or above, the counts kept per township
 * and kind (0021); below, a range scan of the open warnings' index.
 */
export async function countOpen(db: Q, regionPrefix: string) {
  if (regionPrefix.length <= 9)
    return db
      .selectFrom('warning_open_counts')
      .select(['kind', (eb) => eb.fn.sum<string>('open').as('n')])
      .where(underPrefix('region_code', regionPrefix))
      .groupBy('kind')
      .execute();
  return db
    .selectFrom('warnings')
    .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', '<>', 'handled')
    .where(underPrefix('region_code', regionPrefix))
    .groupBy('kind')
    .execute();
}

export interface WarningFilter {
  regionPrefix: string;
  kind?: WarningKind;
  /** 'active': open or acknowledged */
  status?: WarningStatus | 'active';
  severity?: string;
  caseId?: string;
  /** first raised in [raisedFrom, raisedTo) */
  raisedFrom?: Date;
  raisedTo?: Date;
  /** keyset: warnings with a smaller id (newest first) */
  before?: string;
  limit: number;
}

/** A page of warnings under a region, newest first (one more row than asked: is there more?). */
export async function listWarningRows(db: Q, f: WarningFilter) {
  let q = db
    .selectFrom('warnings as w')
    .leftJoin('regions as r', 'r.code', 'w.region_code')
    .leftJoin('units as u', 'u.id', 'w.unit_id')
    .leftJoin('cases as c', 'c.id', 'w.case_id')
    .selectAll('w')
    .select(['r.name as region_name', 'u.name as unit_name', 'c.case_no'])
    .where(underPrefix('w.region_code', f.regionPrefix))
    .orderBy('w.id', 'desc')
    .limit(f.limit + 1);
  if (f.kind) q = q.where('w.kind', '=', f.kind);
  if (f.status === 'active') q = q.where('w.status', '<>', 'handled');
  else if (f.status) q = q.where('w.status', '=', f.status);
  if (f.severity) q = q.where('w.severity', '=', f.severity as 'red');
  if (f.caseId) q = q.where('w.case_id', '=', f.caseId);
  if (f.raisedFrom) q = q.where('w.raised_at', '>=', f.raisedFrom);
  if (f.raisedTo) q = q.where('w.raised_at', '<', f.raisedTo);
  if (f.before) q = q.where('w.id', '<', f.before);
  return q.execute();
}

/** Case facts for a warning's links (no personal data). */
export async function casesByIds(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('cases')
    .select([
      'id',
      'case_no',
      'title',
      'state',
      'channel',
      'region_code',
      'category_code',
      'risk_level',
      'created_at',
    ])
    .where('id', 'in', ids)
    .execute();
}

/** A condition as a boolean column; false (a literal, never a text parameter) when there is none. */
const flag = (e: Expression<SqlBool> | null) =>
  e ? sql<boolean>`coalesce(${e}, false)` : sql<boolean>`false`;

// ---- repeats at intake -------------------------------------------------------------------------

export interface RepeatProbe {
  caseId: string;
  since: Date;
  idNumber: string[];
  phone: string[];
  namePinyin: string[];
  /** names by pinyin only match within this township (a common name is no evidence city-wide) */
  township: string;
  address: string[];
}

/** Earlier applicants' cases within the window matching any key; one row per matching party. */
export async function repeatMatches(db: Q, p: RepeatProbe) {
  const any = p.idNumber.length + p.phone.length + p.namePinyin.length + p.address.length;
  if (any === 0) return [];
  const upper = prefixUpperBound(p.township) ?? p.township;
  const partyRows = await db
    .selectFrom('parties as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .select([
      'c.id',
      'c.case_no',
      'c.channel',
      'c.region_code',
      'c.created_at',
      (eb) => flag(p.idNumber.length ? eb('p.id_number_bidx', 'in', p.idNumber) : null).as('by_id_number'),
      (eb) => flag(p.phone.length ? eb('p.phone_bidx', 'in', p.phone) : null).as('by_phone'),
      (eb) =>
        flag(
          p.namePinyin.length
            ? eb.and([
                eb('p.name_pinyin_bidx', 'in', p.namePinyin),
                eb('c.region_code', '>=', p.township),
                eb('c.region_code', '<', upper),
              ])
            : null,
        ).as('by_name'),
      (eb) => flag(p.address.length ? eb('p.address_bidx', 'in', p.address) : null).as('by_address'),
    ])
    .where('p.role', '=', 'applicant')
    // a restricted party (停止处理, 0019) is no evidence of a repeat any more
    .where('p.restricted_at', 'is', null)
    .where('c.id', '<>', p.caseId)
    .where('c.created_at', '>=', p.since)
    .where((eb) => {
      const ors = [];
      if (p.idNumber.length) ors.push(eb('p.id_number_bidx', 'in', p.idNumber));
      if (p.phone.length) ors.push(eb('p.phone_bidx', 'in', p.phone));
      if (p.namePinyin.length) {
        ors.push(
          eb.and([
            eb('p.name_pinyin_bidx', 'in', p.namePinyin),
            eb('c.region_code', '>=', p.township),
            eb('c.region_code', '<', upper),
          ]),
        );
      }
      if (p.address.length) ors.push(eb('p.address_bidx', 'in', p.address));
      return eb.or(ors);
    })
    .limit(200)
    .execute();
  const caseRows = p.address.length
    ? await db
        .selectFrom('cases as c')
        .select(['c.id', 'c.case_no', 'c.channel', 'c.region_code', 'c.created_at'])
        .where('c.address_bidx', 'in', p.address)
        .where('c.id', '<>', p.caseId)
        .where('c.created_at', '>=', p.since)
        .limit(100)
        .execute()
    : [];
  return [
    ...partyRows,
    ...caseRows.map((r) => ({
      ...r,
      by_id_number: false,
      by_phone: false,
      by_name: false,
      by_address: true,
    })),
  ];
}

// ---- spikes ------------------------------------------------------------------------------------

/**
 * Cases registered in [from, to) by township and category, in weeks counted back from `to`
 * (week 0 is the latest [to - 7 days, to)).
 */
export async function weeklyCounts(db: Q, from: Date, to: Date) {
  const { rows } = await sql<{ township: string; category_code: string; week: number; n: string }>`
    select substr(region_code, 1, 9) as township, category_code,
           floor(extract(epoch from (${to}::timestamptz - created_at)) / 604800)::int as week,
           count(*) as n
    from cases
    where created_at >= ${from} and created_at < ${to}
    group by 1, 2, 3`.execute(db);
  return rows;
}

/** Ids of a township's cases of a category in [from, to), newest first (evidence of a spike). */
export async function spikeCaseIds(db: Q, township: string, category: string, from: Date, to: Date) {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('category_code', '=', category)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where(underPrefix('region_code', township))
    // by the time index (the window is a week), newest first
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => r.id);
}

/** The weight (how much evidence) of the warnings with these subject keys. */
export async function warningWeights(db: Q, keys: readonly string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('warnings')
    .select(['subject_key', sql<string | null>`evidence->>'weight'`.as('weight')])
    .where('subject_key', 'in', keys)
    .execute();
  return new Map(rows.map((r) => [r.subject_key, Number(r.weight ?? 0)]));
}

// ---- stuck cases -------------------------------------------------------------------------------
// Each read leaves out the cases whose warning exists already (an index probe on the subject key,
// whose format these expressions and warnings.sweeps.ts share), so a sweep that finds nothing new
// costs one query, however many cases are stuck.

const OPEN_STATES = ['registered', 'assigned', 'in_progress'] as const;

/** The subject key of an overdue case's warning: one per case and deadline (epoch milliseconds). */
export const overdueKey = (caseId: string, deadline: Date) => `stuck:overdue:${caseId}:${deadline.getTime()}`;
export const bouncedKey = (caseId: string) => `stuck:bounced:${caseId}`;
export const reopenedKey = (caseId: string, times: number) => `stuck:reopened:${caseId}:${times}`;

const notWarned = (key: RawBuilder<string>) =>
  sql<SqlBool>`not exists (select 1 from warnings w where w.subject_key = ${key})`;

/** Open cases past their deadline with a running clock and no warning for that deadline yet. */
export async function overdueCases(db: Q, now: Date, after: string | null, limit: number) {
  let q = db
    .selectFrom('cases as c')
    .select(['c.id', 'c.case_no', 'c.region_code', 'c.handling_level', 'c.category_code', 'c.deadline_at'])
    .where('c.state', 'in', OPEN_STATES)
    .where('c.deadline_at', '<', now)
    .where('c.clock_paused', '=', false)
    .where(
      notWarned(
        sql<string>`'stuck:overdue:' || c.id::text || ':' || (extract(epoch from c.deadline_at) * 1000)::bigint::text`,
      ),
    )
    .orderBy('c.id')
    .limit(limit);
  if (after) q = q.where('c.id', '>', after);
  return q.execute();
}

/** Open reopened (重办) cases without a warning for their latest reopening. */
export async function reopenedCases(db: Q, after: string | null, limit: number) {
  let q = db
    .selectFrom('cases as c')
    .select(['c.id', 'c.case_no', 'c.region_code', 'c.handling_level', 'c.category_code', 'c.reopen_count'])
    .where('c.state', 'in', OPEN_STATES)
    .where('c.reopen_count', '>', 0)
    .where(notWarned(sql<string>`'stuck:reopened:' || c.id::text || ':' || c.reopen_count::text`))
    .orderBy('c.id')
    .limit(limit);
  if (after) q = q.where('c.id', '>', after);
  return q.execute();
}

/**
 * Open cases rejected or transferred more than `times` times, with their count, unless their
 * warning already counts as many.
 */
export async function bouncedCases(db: Q, times: number, after: string | null, limit: number) {
  let q = db
    .selectFrom('cases as c')
    .innerJoin('case_events as e', 'e.case_id', 'c.id')
    .leftJoin('warnings as w', (j) => j.on(sql<SqlBool>`w.subject_key = 'stuck:bounced:' || c.id::text`))
    .select([
      'c.id',
      'c.case_no',
      'c.region_code',
      'c.handling_level',
      'c.category_code',
      (eb) => eb.fn.countAll<string>().as('bounces'),
    ])
    .where('c.state', 'in', OPEN_STATES)
    .where('e.action', 'in', ['reject', 'transfer'])
    .groupBy(['c.id', 'c.case_no', 'c.region_code', 'c.handling_level', 'c.category_code', 'w.evidence'])
    .having((eb) => eb.fn.countAll(), '>', times)
    .having(sql<SqlBool>`count(*) > coalesce((w.evidence->>'weight')::int, 0)`)
    .orderBy('c.id')
    .limit(limit);
  if (after) q = q.where('c.id', '>', after);
  return q.execute();
}

// ---- repeat keys of rows written before 0013 ----------------------------------------------------

export async function partiesWithoutKeys(db: Q, limit: number) {
  return db
    .selectFrom('parties')
    .select(['county_code', 'id', 'kind', 'name', 'address_enc'])
    .where((eb) => eb.or([eb('name_pinyin_bidx', 'is', null), eb('address_bidx', 'is', null)]))
    .limit(limit)
    .execute();
}

export async function casesWithoutKeys(db: Q, limit: number) {
  return db
    .selectFrom('cases')
    .select(['county_code', 'id', 'address_enc'])
    .where('address_bidx', 'is', null)
    .limit(limit)
    .execute();
}

/** Sets the repeat keys of many parties in one statement. */
export async function setPartyKeys(db: Q, rows: readonly { id: string; name: string; address: string }[]) {
  if (rows.length === 0) return;
  await sql`
    update parties set name_pinyin_bidx = v.name, address_bidx = v.address
    from unnest(${sql.val(rows.map((r) => r.id))}::uuid[], ${sql.val(rows.map((r) => r.name))}::text[],
                ${sql.val(rows.map((r) => r.address))}::text[]) as v(id, name, address)
    where parties.id = v.id`.execute(db);
}

/** Sets the address keys of many cases in one statement. */
export async function setCaseAddressKeys(db: Q, rows: readonly { id: string; address: string }[]) {
  if (rows.length === 0) return;
  await sql`
    update cases set address_bidx = v.address
    from unnest(${sql.val(rows.map((r) => r.id))}::uuid[], ${sql.val(rows.map((r) => r.address))}::text[])
      as v(id, address)
    where cases.id = v.id`.execute(db);
}
