// Imports of hotline work orders (cases), staff accounts, units and mediation organizations from a
// spreadsheet. Every row is validated first (the registration's own rules: categories, region
// codes, phones, ID numbers) and refused rows are reported with row, column and why, in Chinese
// and English. Then, all-or-nothing (nothing is written when any row is refused) or skipping the
// bad rows, the good ones are written in batches of 500 rows per transaction: each case through
// registerCaseInTx (its ledger event, audit record and job), so a batch costs one commit.
// External work-order numbers make a re-import write nothing new.
import { hash } from '@node-rs/argon2';
import type { ImportKind, ImportMode } from '../../../core/imports/columns.js';
import type { UnitFacts } from '../../../core/organization/account-shape.js';
import { COLUMNS, isBaseImportKind, resolveHeaders, rowFields } from '../../../core/imports/columns.js';
import type { BaseImportKind } from '../../../core/imports/columns.js';
import type { BaseRowContext } from '../../../core/imports/validate-base.js';
import {
  baseRowKey,
  BASE_KEY_COLUMN,
  validateHouseRow,
  validateOrganizationRow,
  validateResidentRow,
} from '../../../core/imports/validate-base.js';
import type { RegionLevel } from '../../../core/regions/region-code.js';
import type { CaseRow, RowProblem, RowResult, UnitRowOut, UserRow } from '../../../core/imports/validate.js';
import { validateCaseRow, validateUnitRow, validateUserRow } from '../../../core/imports/validate.js';
import { isAllowed, mayOnBaseInfo } from '../../../core/workflow/policy.js';
import { relationsForNewCase } from '../../../core/workflow/relations.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import type { Trx } from '../../db/transaction.js';
import { HttpError, badRequest } from '../../http/errors.js';
import { t } from '../../http/i18n.js';
import { recordAudit } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { intakeMemo, registerCaseInTx, systemContext } from '../cases/register-case.js';
import { insertBaseBatch, sealBaseBatch, takenBaseKeys } from '../base-info/base-import.service.js';
import type { SealedBatch } from '../base-info/base-import.service.js';
import type { RegisteringContext } from '../cases/register-case.js';
import { oneTimePassword } from '../users/one-time-password.js';
import type { JobQueue } from '../../jobs/queue.js';
import { kyselyAdapter } from '../../jobs/queue.js';
import * as q from './imports.queries.js';
import type { Table } from './table-file.js';

/** Rows written per transaction. */
export const BATCH = 500;
/** Rows one file may hold. */
export const MAX_ROWS = 200_000;
/** A running job that has not recorded progress for this long is reported as interrupted. */
const STALE_MS = 30 * 60_000;
/** Entries kept in each list of the report. */
const REPORT_CAP = 20_000;

export type StaffAuth = Extract<AuthContext, { kind: 'staff' }>;

/** Who imports: a staff user over HTTP, or the command line (no account: the system registers). */
export type ImportActor = { kind: 'staff'; auth: StaffAuth } | { kind: 'cli'; label: string };

export interface ImportRequest {
  kind: ImportKind;
  mode: ImportMode;
  /** the source system of the work orders (cases): external numbers are unique per source */
  source: string;
  fileName: string;
  table: Table;
  /** cases: the region of rows that leave 区划代码 empty; on the command line also the limit */
  defaultRegion: string | null;
  actor: ImportActor;
  ip: string | null;
}

export interface ReportProblem {
  /** the column as the file names it */
  column: string;
  field: string;
  code: string;
  zh: string;
  en: string;
}

export interface ImportReport {
  rejected: { row: number; problems: ReportProblem[] }[];
  alreadyImported: { row: number; key: string }[];
  truncated: boolean;
}

export interface ImportSummary {
  id: string;
  status: 'done' | 'refused' | 'failed';
  total: number;
  accepted: number;
  rejected: number;
  alreadyImported: number;
  report: ImportReport;
  /** users: the generated initial passwords, handed out once */
  passwords?: { row: number; username: string; password: string }[];
}

export interface PreparedImport {
  id: string;
  total: number;
  /**
   * Validates and writes; resolves when the job has finished (never rejects). `keepPasswords`
   * receives the generated passwords of a users import before the job is marked finished.
   */
  run(
    keepPasswords?: (list: NonNullable<ImportSummary['passwords']>) => void | Promise<void>,
  ): Promise<ImportSummary>;
}

const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

function auditActorOf(actor: ImportActor) {
  return actor.kind === 'staff'
    ? { actorId: actor.auth.user.id, actorRole: actor.auth.user.role, actorLabel: actor.auth.user.username }
    : { actorId: null, actorRole: 'system', actorLabel: actor.label.slice(0, 64) };
}

/**
 * Checks the file's shape (kind, header, size) and records the job; the rows are checked by run().
 * Throws a 400 HttpError for a file that cannot be imported at all.
 */
export async function prepareImport(deps: AppDeps, req: ImportRequest): Promise<PreparedImport> {
  if (!SOURCE.test(req.source)) throw badRequest('import.bad_source');
  const { table } = req;
  if (table.headers.length === 0 || table.rows.length === 0) throw badRequest('import.empty_file');
  if (table.rows.length > MAX_ROWS) throw badRequest('import.too_many_rows', { max: MAX_ROWS });
  const takesDefaultRegion = req.kind === 'cases' || isBaseImportKind(req.kind);
  if (takesDefaultRegion && req.defaultRegion) {
    const levels = await q.regionLevels(deps.db.kysely, [req.defaultRegion]);
    if (!levels.has(req.defaultRegion)) throw badRequest('import.bad_region', { code: req.defaultRegion });
  }
  const mapping = resolveHeaders(
    req.kind,
    table.headers,
    takesDefaultRegion && req.defaultRegion ? ['region_code'] : [],
  );
  // column names quoted: they stay Chinese in the English message
  const names = (list: string[]) =>
    list
      .map((n) => `"${n.slice(0, 40)}"`)
      .join(', ')
      .slice(0, 300);
  if (mapping.unknown.length) throw badRequest('import.unknown_columns', { columns: names(mapping.unknown) });
  if (mapping.duplicated.length)
    throw badRequest('import.duplicate_columns', { columns: names(mapping.duplicated) });
  if (mapping.missing.length) throw badRequest('import.missing_columns', { columns: names(mapping.missing) });

  const id = deps.newId();
  const now = deps.clock();
  await q.insertJob(deps.db.kysely, {
    id,
    kind: req.kind,
    mode: req.mode,
    source: req.kind === 'cases' ? req.source : req.kind,
    file_name: req.fileName.slice(0, 200),
    status: 'running',
    total: table.rows.length,
    created_by: req.actor.kind === 'staff' ? req.actor.auth.user.id : null,
    created_at: now,
    updated_at: now,
  });
  const rows = table.rows.map((r) => ({ row: r.row, fields: rowFields(mapping, r.cells) }));
  const headerOf = (field: string) =>
    mapping.headerOf.get(field) ?? COLUMNS[req.kind].find((c) => c.key === field)?.zh ?? field;
  return { id, total: rows.length, run: (keep) => runImport(deps, req, id, rows, headerOf, keep) };
}

type Rows = { row: number; fields: Record<string, string> }[];

interface Outcome<T> {
  accepted: { row: number; key: string; value: T }[];
  rejected: ImportReport['rejected'];
  already: ImportReport['alreadyImported'];
}

function describe(p: RowProblem, headerOf: (field: string) => string): ReportProblem {
  const params = { ...p.params, column: headerOf(p.column) };
  return {
    column: headerOf(p.column),
    field: p.column,
    code: p.key,
    zh: t('zh-CN', p.key, params),
    en: t('en', p.key, params),
  };
}

/**
 * Sorts validated rows into accepted, refused (with reasons) and already imported; a key seen
 * earlier in the file refuses the later row.
 */
function sortRows<T>(
  rows: Rows,
  keyField: string,
  existing: Set<string>,
  validate: (fields: Record<string, string>) => RowResult<T>,
  headerOf: (field: string) => string,
  accept?: (value: T) => void,
): Outcome<T> {
  const out: Outcome<T> = { accepted: [], rejected: [], already: [] };
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const key = r.fields[keyField] ?? '';
    const problems: RowProblem[] = [];
    const earlier = key ? firstRow.get(key) : undefined;
    if (earlier !== undefined)
      problems.push({ column: keyField, key: 'import.duplicate_in_file', params: { row: earlier } });
    else if (key) firstRow.set(key, r.row);
    if (earlier === undefined && key && existing.has(key)) {
      out.already.push({ row: r.row, key });
      continue;
    }
    const result = validate(r.fields);
    if (!result.ok) problems.push(...result.problems);
    if (problems.length) {
      out.rejected.push({ row: r.row, problems: problems.map((p) => describe(p, headerOf)) });
      continue;
    }
    if (result.ok) {
      accept?.(result.value);
      out.accepted.push({ row: r.row, key, value: result.value });
    }
  }
  return out;
}

const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];

/** A row that failed while being written (the batch is rolled back and retried without it). */
class RowWriteError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('row write failed');
  }
}

function reasonOf(err: unknown): { zh: string; en: string } {
  if (err instanceof HttpError)
    return { zh: t('zh-CN', err.messageKey, err.params), en: t('en', err.messageKey, err.params) };
  return { zh: t('zh-CN', 'common.internal'), en: t('en', 'common.internal') };
}

async function runImport(
  deps: AppDeps,
  req: ImportRequest,
  id: string,
  rows: Rows,
  headerOf: (field: string) => string,
  keepPasswords?: (list: NonNullable<ImportSummary['passwords']>) => void | Promise<void>,
): Promise<ImportSummary> {
  const report: ImportReport = { rejected: [], alreadyImported: [], truncated: false };
  let accepted = 0;
  let already = 0;
  let rejected = 0;
  let passwords: ImportSummary['passwords'];
  const finish = async (status: ImportSummary['status'], error: string | null): Promise<ImportSummary> => {
    report.rejected.sort((a, b) => a.row - b.row);
    report.alreadyImported.sort((a, b) => a.row - b.row);
    if (report.rejected.length > REPORT_CAP || report.alreadyImported.length > REPORT_CAP) {
      report.truncated = true;
      report.rejected = report.rejected.slice(0, REPORT_CAP);
      report.alreadyImported = report.alreadyImported.slice(0, REPORT_CAP);
    }
    // the passwords of accounts written (even by a job that then failed) go out before it ends
    if (passwords?.length) await keepPasswords?.(passwords);
    const now = deps.clock();
    await withTransaction(deps.db, async (trx) => {
      await q.updateJob(trx, id, {
        status,
        processed: rows.length,
        accepted,
        rejected,
        already_imported: already,
        report: JSON.stringify(report),
        error,
        updated_at: now,
        finished_at: now,
      });
      await recordAudit(trx, deps.newId(), {
        ...auditActorOf(req.actor),
        at: now,
        ip: req.ip,
        action: `import.${req.kind}`,
        targetType: 'import_job',
        targetId: id,
        result: status === 'done' ? 'success' : 'failure',
        detail: { status, mode: req.mode, total: rows.length, accepted, rejected, already_imported: already },
      });
    });
    return {
      id,
      status,
      total: rows.length,
      accepted,
      rejected,
      alreadyImported: already,
      report,
      ...(passwords ? { passwords } : {}),
    };
  };

  try {
    // 1. validate every row
    const outcome = await validateAll(deps, req, rows, headerOf);
    report.rejected.push(...outcome.rejected);
    report.alreadyImported.push(...outcome.already);
    rejected = outcome.rejected.length;
    already = outcome.already.length;
    if (req.mode === 'all_or_nothing' && rejected > 0) return await finish('refused', null);
    await q.updateJob(deps.db.kysely, id, {
      processed: rejected + already,
      rejected,
      already_imported: already,
      updated_at: deps.clock(),
    });

    // 2. write the good rows, a batch per transaction (its progress committed with it)
    const writer = writerFor(deps, req, id);
    let pending: Batch = outcome.accepted;
    while (pending.length) {
      let batch = pending.slice(0, BATCH);
      pending = pending.slice(BATCH);
      for (;;) {
        try {
          const prepared = writer.prepare ? await writer.prepare(batch) : undefined;
          const r = await withTransaction(deps.db, async (trx) => {
            const res = await writer.write(trx, batch, prepared);
            await q.updateJob(trx, id, {
              processed: accepted + res.written + rejected + already + res.skipped.length,
              accepted: accepted + res.written,
              already_imported: already + res.skipped.length,
              updated_at: deps.clock(),
            });
            return res;
          });
          accepted += r.written;
          already += r.skipped.length;
          for (const s of r.skipped) report.alreadyImported.push({ row: s.row, key: s.key });
          if (r.passwords) (passwords ??= []).push(...r.passwords);
          // let queries waiting for the connection in (on PGlite there is one: a progress poll
          // would otherwise wait for the whole import)
          await new Promise((resolve) => setTimeout(resolve, 5));
          break;
        } catch (err) {
          if (!(err instanceof RowWriteError)) throw err;
          const bad = batch[err.index]!;
          if (req.mode === 'all_or_nothing') {
            return await finish('failed', `row ${bad.row}: ${reasonOf(err.cause).en}`.slice(0, 500));
          }
          const reason = reasonOf(err.cause);
          report.rejected.push({
            row: bad.row,
            problems: [
              {
                column: '',
                field: '',
                code: 'import.write_failed',
                zh: t('zh-CN', 'import.write_failed', { reason: reason.zh }),
                en: t('en', 'import.write_failed', { reason: reason.en }),
              },
            ],
          });
          rejected += 1;
          batch = batch.filter((_, i) => i !== err.index);
          if (batch.length === 0) break;
        }
      }
    }
    return await finish('done', null);
  } catch (err) {
    process.emitWarning(`import ${id} failed: ${err instanceof Error ? err.message : String(err)}`);
    return finish('failed', 'internal error').catch(() => ({
      id,
      status: 'failed' as const,
      total: rows.length,
      accepted,
      rejected,
      alreadyImported: already,
      report,
    }));
  }
}

async function validateAll(
  deps: AppDeps,
  req: ImportRequest,
  rows: Rows,
  headerOf: (field: string) => string,
) {
  const db = deps.db.kysely;
  const col = (field: string) => rows.map((r) => r.fields[field]);
  switch (req.kind) {
    case 'cases': {
      const categories = new Map<string, string>();
      for (const c of await q.activeCategories(db)) {
        categories.set(c.code, c.code);
        categories.set(c.name_zh, c.code);
        categories.set(c.name_en.toLowerCase(), c.code);
      }
      const codes = distinct([...col('region_code'), req.defaultRegion ?? undefined]);
      const levels = await q.regionLevels(db, codes);
      const { actor } = req;
      let hasCenterFor: (code: string) => boolean = () => true;
      if (actor.kind === 'cli') {
        const centers = await q.centersAt(
          db,
          distinct(codes.map((c) => (c.length >= 9 ? c.slice(0, 9) : undefined))),
        );
        hasCenterFor = (code) => centers.has(code.slice(0, 9));
      }
      const mayRegisterAt = (code: string): boolean =>
        actor.kind === 'staff'
          ? isAllowed(actor.auth.actor.role, 'register', relationsForNewCase(actor.auth.actor, code))
          : !req.defaultRegion || code.startsWith(req.defaultRegion);
      const existing = await q.existingRefs(db, req.source, distinct(col('external_no')));
      return sortRows<CaseRow>(
        rows,
        'external_no',
        existing,
        (fields) =>
          validateCaseRow(fields, {
            categoryCode: (text) => categories.get(text) ?? categories.get(text.toLowerCase()) ?? null,
            regionLevel: (code) => levels.get(code) ?? null,
            mayRegisterAt,
            hasCenterFor,
            defaultRegion: req.defaultRegion,
          }),
        headerOf,
      );
    }
    case 'users': {
      const units = await q.unitsByCode(db, distinct(col('unit_code')));
      const regions = await q.regionFacts(
        db,
        distinct([...col('scope_code'), ...[...units.values()].map((u) => u.region_code)]),
      );
      const existing = await q.existingUsernames(db, distinct(col('username')));
      return sortRows<UserRow>(
        rows,
        'username',
        existing,
        (fields) =>
          validateUserRow(fields, {
            scope: (code) => {
              const r = regions.get(code);
              return r ? { code, level: r.level, parentCode: r.parentCode } : null;
            },
            unit: (code) => {
              const u = units.get(code);
              return u ? { kind: u.kind, regionCode: u.region_code, active: u.active } : null;
            },
          }),
        headerOf,
      );
    }
    case 'residents':
    case 'houses':
    case 'organizations':
      return validateBaseRows(deps, req, req.kind, rows, headerOf);
    case 'units':
    case 'mediation_orgs': {
      const kind = req.kind;
      const levels = await q.regionLevels(db, distinct(col('region_code')));
      const known = await q.unitsByCode(db, distinct([...col('code'), ...col('center_code')]));
      const dbCenters = await q.centersAt(db, distinct(col('region_code')));
      // units accepted earlier in the file count as existing for the rows after them
      const fileUnits = new Map<string, UnitFacts>();
      const fileCenterRegions = new Set<string>();
      const fileCodes = new Set(col('code'));
      const existing = new Set([...known.keys()].filter((code) => fileCodes.has(code)));
      return sortRows<UnitRowOut>(
        rows,
        'code',
        existing,
        (fields) =>
          validateUnitRow(kind, fields, {
            regionLevel: (code) => levels.get(code) ?? null,
            unit: (code) => {
              const u = known.get(code);
              return u
                ? { kind: u.kind, regionCode: u.region_code, active: u.active }
                : (fileUnits.get(code) ?? null);
            },
            centerAt: (region) => dbCenters.has(region) || fileCenterRegions.has(region),
          }),
        headerOf,
        (u) => {
          fileUnits.set(u.code, { kind: u.kind, regionCode: u.regionCode, active: true });
          if (u.kind === 'center') fileCenterRegions.add(u.regionCode);
        },
      );
    }
  }
}

interface BatchResult {
  written: number;
  skipped: { row: number; key: string }[];
  passwords?: { row: number; username: string; password: string }[];
}

type Batch = { row: number; key: string; value: unknown }[];

interface Writer {
  /** slow work done before the transaction opens (password hashing), so it holds no connection */
  prepare?(batch: Batch): Promise<unknown>;
  write(trx: Trx, batch: Batch, prepared: unknown): Promise<BatchResult>;
}

function writerFor(deps: AppDeps, req: ImportRequest, jobId: string): Writer {
  switch (req.kind) {
    case 'cases':
      return caseWriter(deps, req, jobId);
    case 'users':
      return userWriter(deps, req, jobId);
    case 'residents':
    case 'houses':
    case 'organizations':
      return baseWriter(deps, req, req.kind);
    default:
      return unitWriter(deps, req, jobId);
  }
}

/**
 * The job queue as registerCaseInTx sees it during a batch: its 'case-event' jobs are collected
 * and written with one INSERT at the end of the batch, in the same transaction (one statement
 * instead of one per case; still there if and only if the batch commits).
 */
function collectingJobs(jobs: JobQueue): { queue: JobQueue; flush(trx: Trx): Promise<void> } {
  let pending: { name: string; data: object }[] = [];
  const queue: JobQueue = {
    ...jobs,
    sendInTransaction: async (trx, name, data, options) => {
      if (options && Object.keys(options).length) return jobs.sendInTransaction(trx, name, data, options);
      pending.push({ name, data });
      return null;
    },
  };
  return {
    queue,
    flush: async (trx) => {
      const list = pending;
      pending = [];
      if (list.length) await jobs.boss.insert(list, { db: kyselyAdapter(trx) });
    },
  };
}

function caseWriter(deps: AppDeps, req: ImportRequest, jobId: string): Writer {
  const who: RegisteringContext =
    req.actor.kind === 'staff' ? req.actor.auth : systemContext(`import:${req.source}`);
  return {
    async write(trx, batch) {
      const jobs = deps.jobs ? collectingJobs(deps.jobs) : null;
      const rowDeps: AppDeps = jobs ? { ...deps, jobs: jobs.queue } : deps;
      // another import of the same source waits here, then finds these numbers taken
      await q.lockImports(trx, `cases:${req.source}`);
      const taken = await q.existingRefs(
        trx,
        req.source,
        batch.map((b) => b.key),
      );
      const skipped = batch.filter((b) => taken.has(b.key)).map((b) => ({ row: b.row, key: b.key }));
      const now = deps.clock();
      const refs = [];
      // the rows of a batch share places, categories and centers: each looked up once per batch
      const memo = intakeMemo();
      for (let i = 0; i < batch.length; i++) {
        const b = batch[i]!;
        if (taken.has(b.key)) continue;
        const row = b.value as CaseRow;
        let created: { id: string };
        try {
          created = await registerCaseInTx(
            trx,
            rowDeps,
            who,
            {
              categoryCode: row.categoryCode,
              channel: 'hotline',
              regionCode: row.regionCode,
              ...(row.title ? { title: row.title } : {}),
              description: row.description,
              ...(row.address ? { address: row.address } : {}),
              ...(row.riskLevel ? { riskLevel: row.riskLevel } : {}),
              parties: row.parties.map((p) => ({ ...p, kind: 'person' as const })),
            },
            req.ip,
            { memo },
          );
        } catch (err) {
          throw new RowWriteError(i, err);
        }
        refs.push({
          source: req.source,
          external_no: row.externalNo,
          county_code: row.regionCode.slice(0, 6),
          case_id: created.id,
          received_at: row.receivedAt,
          import_job_id: jobId,
          created_at: now,
        });
      }
      await q.insertRefs(trx, refs);
      await jobs?.flush(trx);
      return { written: refs.length, skipped };
    },
  };
}

/** Hashes with bounded parallelism (argon2 runs on libuv's threads). */
async function hashAll(passwords: string[]): Promise<string[]> {
  const out: string[] = new Array(passwords.length);
  let next = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      out[i] = await hash(passwords[i]!);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out;
}

function userWriter(deps: AppDeps, req: ImportRequest, jobId: string): Writer {
  const actor = auditActorOf(req.actor);
  return {
    async prepare(batch) {
      const plain = batch.map((b) => oneTimePassword(b.key));
      return { plain, hashes: await hashAll(plain) };
    },
    async write(trx, batch, prepared) {
      const { plain, hashes } = prepared as { plain: string[]; hashes: string[] };
      await q.lockImports(trx, 'users');
      const taken = await q.existingUsernames(
        trx,
        batch.map((b) => b.key),
      );
      const units = await q.unitsByCode(
        trx,
        distinct(batch.map((b) => (b.value as UserRow).unitCode ?? undefined)),
      );
      const now = deps.clock();
      const passwords: NonNullable<BatchResult['passwords']> = [];
      for (let i = 0; i < batch.length; i++) {
        const b = batch[i]!;
        if (taken.has(b.key)) continue;
        const u = b.value as UserRow;
        const userId = deps.newId();
        try {
          await q.insertUsers(trx, [
            {
              id: userId,
              username: u.username,
              password_hash: hashes[i]!,
              display_name: u.displayName,
              role: u.role,
              unit_id: u.unitCode ? (units.get(u.unitCode)?.id ?? null) : null,
              scope_code: u.scopeCode,
              must_change_password: true,
              created_at: now,
            },
          ]);
        } catch (err) {
          throw new RowWriteError(i, err);
        }
        await recordAudit(trx, deps.newId(), {
          ...actor,
          at: now,
          ip: req.ip,
          action: 'user.create',
          targetType: 'user',
          targetId: userId,
          result: 'success',
          detail: { username: u.username, role: u.role, scope_code: u.scopeCode, import_job: jobId },
        });
        passwords.push({ row: b.row, username: u.username, password: plain[i]! });
      }
      return {
        written: passwords.length,
        skipped: batch.filter((b) => taken.has(b.key)).map((b) => ({ row: b.row, key: b.key })),
        passwords,
      };
    },
  };
}

function unitWriter(deps: AppDeps, req: ImportRequest, jobId: string): Writer {
  const actor = auditActorOf(req.actor);
  return {
    async write(trx, batch) {
      await q.lockImports(trx, 'units');
      const known = await q.unitsByCode(
        trx,
        distinct(batch.flatMap((b) => [b.key, (b.value as UnitRowOut).centerCode ?? undefined])),
      );
      const now = deps.clock();
      const ids = new Map<string, string>();
      for (let i = 0; i < batch.length; i++) {
        const b = batch[i]!;
        if (known.has(b.key)) continue;
        const u = b.value as UnitRowOut;
        const unitId = deps.newId();
        try {
          await q.insertUnits(trx, [
            {
              id: unitId,
              code: u.code,
              name: u.name,
              kind: u.kind,
              region_code: u.regionCode,
              center_id: u.centerCode ? (known.get(u.centerCode)?.id ?? ids.get(u.centerCode) ?? null) : null,
              department_type: u.departmentType,
              mediation_kind: u.mediationKind,
              stationing: u.stationing,
              created_at: now,
            },
          ]);
        } catch (err) {
          throw new RowWriteError(i, err);
        }
        ids.set(u.code, unitId);
        await recordAudit(trx, deps.newId(), {
          ...actor,
          at: now,
          ip: req.ip,
          action: 'config.unit',
          targetType: 'unit',
          targetId: unitId,
          result: 'success',
          detail: { op: 'import', code: u.code, kind: u.kind, region_code: u.regionCode, import_job: jobId },
        });
      }
      return {
        written: ids.size,
        skipped: batch.filter((b) => known.has(b.key)).map((b) => ({ row: b.row, key: b.key })),
      };
    },
  };
}

const BASE_VALIDATORS = {
  residents: validateResidentRow,
  houses: validateHouseRow,
  organizations: validateOrganizationRow,
} as const;

/**
 * Base information (residents, houses, organizations): each row checked like the API checks it,
 * plus its key (ID number, address, credit code) against the rows before it and the database.
 * A duplicate is a refused row with its reason, not "already imported": the file may disagree
 * with what the grid collected, and a person says so.
 */
async function validateBaseRows(
  deps: AppDeps,
  req: ImportRequest,
  kind: BaseImportKind,
  rows: Rows,
  headerOf: (field: string) => string,
): Promise<Outcome<unknown>> {
  const { actor } = req;
  const levels = await q.regionLevels(
    deps.db.kysely,
    distinct([...rows.map((r) => r.fields.region_code), req.defaultRegion ?? undefined]),
  );
  const ctx: BaseRowContext = {
    regionLevel: (code) => (levels.get(code) as RegionLevel | undefined) ?? null,
    mayImportAt: (code) =>
      actor.kind === 'staff'
        ? mayOnBaseInfo(actor.auth.actor, 'base_import', code)
        : !req.defaultRegion || code.startsWith(req.defaultRegion),
    defaultRegion: req.defaultRegion,
  };
  const keys = rows.map((r) => baseRowKey(kind, r.fields));
  const taken = await takenBaseKeys(deps, kind, distinct(keys));
  const column = BASE_KEY_COLUMN[kind];
  const out: Outcome<unknown> = { accepted: [], rejected: [], already: [] };
  const firstRow = new Map<string, number>();
  rows.forEach((r, i) => {
    const key = keys[i]!;
    const problems: RowProblem[] = [];
    const earlier = key ? firstRow.get(key) : undefined;
    if (earlier !== undefined)
      problems.push({ column, key: 'import.duplicate_in_file', params: { row: earlier } });
    else if (key) firstRow.set(key, r.row);
    if (key && taken.has(key)) problems.push({ column, key: 'import.duplicate_in_db' });
    const result = BASE_VALIDATORS[kind](r.fields, ctx) as RowResult<unknown>;
    if (!result.ok) problems.push(...result.problems);
    if (problems.length)
      out.rejected.push({ row: r.row, problems: problems.map((p) => describe(p, headerOf)) });
    else if (result.ok) out.accepted.push({ row: r.row, key, value: result.value });
  });
  return out;
}

/**
 * Base rows: sealed (encrypted, masked, indexed) before the transaction, one multi-row INSERT in
 * it. The per-job audit record stands for the rows (an audit row each would double the work).
 */
function baseWriter(deps: AppDeps, req: ImportRequest, kind: BaseImportKind): Writer {
  const actorId = req.actor.kind === 'staff' ? req.actor.auth.user.id : null;
  return {
    prepare: async (batch) =>
      sealBaseBatch(
        deps,
        kind,
        batch.map((b) => b.value),
        actorId,
      ),
    async write(trx, batch, prepared) {
      // another import of the same kind waits here, then finds these keys taken
      await q.lockImports(trx, `base:${kind}`);
      const r = await insertBaseBatch(trx, prepared as SealedBatch);
      return {
        written: r.written,
        skipped: r.skipped.map((s) => ({ row: batch[s.index]!.row, key: s.shown })),
      };
    },
  };
}

/** The job as its owner sees it. */
export async function readImport(deps: AppDeps, id: string) {
  const job = await q.findJob(deps.db.kysely, id);
  if (!job) return null;
  // a running job records progress at every batch; one silent this long died with its process
  const interrupted =
    job.status === 'running' && deps.clock().getTime() - job.updated_at.getTime() > STALE_MS;
  return {
    id: job.id,
    kind: job.kind,
    mode: job.mode,
    source: job.source,
    fileName: job.file_name,
    status: interrupted ? ('failed' as const) : job.status,
    total: job.total,
    processed: job.processed,
    accepted: job.accepted,
    rejected: job.rejected,
    alreadyImported: job.already_imported,
    report: job.report as unknown as ImportReport | Record<string, never>,
    error: interrupted ? 'interrupted: run the same file again to complete it' : job.error,
    createdBy: job.created_by,
    createdAt: job.created_at.toISOString(),
    updatedAt: job.updated_at.toISOString(),
    finishedAt: job.finished_at?.toISOString() ?? null,
  };
}
