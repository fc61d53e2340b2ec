// The import API behind the administrators' upload page: templates to download, an upload that
// starts an import job, and the job's progress and report.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { COLUMNS } from '../../../core/imports/columns.js';
import type { ImportKind, ImportMode } from '../../../core/imports/columns.js';
import { isBaseImportKind } from '../../../core/imports/columns.js';
import { levelOfCode } from '../../../core/regions/region-code.js';
import { roleMayEver, roleMayOnBaseInfo } from '../../../core/workflow/policy.js';
import type { AppDeps } from '../../deps.js';
import { HttpError, badRequest, forbidden, notFound } from '../../http/errors.js';
import { ErrorBody, Nullable, Uuid } from '../../http/schemas.js';
import { requestMeta, requireStaff } from '../auth/auth.plugin.js';
import type { StaffAuth } from './imports.service.js';
import { prepareImport, readImport } from './imports.service.js';
import { TableFileError, fileTypeOf, readTable, templateCsv, templateXlsx } from './table-file.js';

/** Largest file accepted (a 100,000-row work-order sheet is about 3–8 MB). */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

const KIND_NAMES: Record<string, ImportKind> = {
  cases: 'cases',
  users: 'users',
  units: 'units',
  'mediation-orgs': 'mediation_orgs',
  mediation_orgs: 'mediation_orgs',
  residents: 'residents',
  houses: 'houses',
  organizations: 'organizations',
};
const MODE_NAMES: Record<string, ImportMode> = {
  'all-or-nothing': 'all_or_nothing',
  all_or_nothing: 'all_or_nothing',
  'skip-bad': 'skip_bad',
  skip_bad: 'skip_bad',
};

export function kindOf(text: string): ImportKind | null {
  return Object.hasOwn(KIND_NAMES, text) ? KIND_NAMES[text]! : null;
}
export function modeOf(text: string): ImportMode | null {
  return Object.hasOwn(MODE_NAMES, text) ? MODE_NAMES[text]! : null;
}

/**
 * Who may import what. Cases: the window roles the policy lets register (clerks, dispatchers),
 * each row within their scope. Units and mediation organizations are system configuration (the
 * system administrator's); accounts are the security administrator's (三员分立). Base
 * information (residents, houses, organizations): who may import it by the policy's
 * base-information table — township clerks and dispatchers, grid workers for their grid — each
 * row within their scope.
 */
export function mayImport(auth: StaffAuth, kind: ImportKind): boolean {
  const role = auth.user.role;
  switch (kind) {
    case 'cases':
      return (
        (role === 'clerk' || role === 'dispatcher') && roleMayEver(role, 'register') && !!auth.user.unitId
      );
    case 'users':
      return role === 'security_admin';
    case 'residents':
    case 'houses':
    case 'organizations':
      return roleMayOnBaseInfo(role, 'base_import');
    default:
      return role === 'sys_admin';
  }
}

const SHEET_NAMES: Record<ImportKind, string> = {
  cases: '热线工单',
  users: '账号',
  units: '单位',
  mediation_orgs: '调解组织',
  residents: '实有人口',
  houses: '实有房屋',
  organizations: '实有单位',
};

const Problem = Type.Object({
  column: Type.String(),
  field: Type.String(),
  code: Type.String(),
  zh: Type.String(),
  en: Type.String(),
});
const Job = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  mode: Type.String(),
  source: Type.String(),
  fileName: Type.String(),
  status: Type.String({ description: 'running | done | refused (all-or-nothing, nothing written) | failed' }),
  total: Type.Integer(),
  processed: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  alreadyImported: Type.Integer(),
  report: Type.Object({
    rejected: Type.Optional(Type.Array(Type.Object({ row: Type.Integer(), problems: Type.Array(Problem) }))),
    alreadyImported: Type.Optional(Type.Array(Type.Object({ row: Type.Integer(), key: Type.String() }))),
    truncated: Type.Optional(Type.Boolean()),
  }),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  passwords: Type.Optional(
    Type.Array(Type.Object({ row: Type.Integer(), username: Type.String(), password: Type.String() }), {
      description:
        'users: the initial passwords, in the first answer after the job has finished and never again',
    }),
  ),
});
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody };

export async function importsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // jobs run in this process after the upload is answered; closing the app waits for them
  const running = new Set<Promise<unknown>>();
  const passwords = new Map<string, { row: number; username: string; password: string }[]>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

  app.get(
    '/imports/templates/:file',
    {
      schema: {
        tags: ['imports'],
        summary:
          'The column template of an import: cases|users|units|mediation-orgs|residents|houses|organizations, .xlsx or .csv',
        params: Type.Object({ file: Type.String({ maxLength: 40 }) }),
      },
    },
    async (req, reply) => {
      requireStaff(req);
      const m = /^(cases|users|units|mediation-orgs|residents|houses|organizations)\.(xlsx|csv)$/.exec(
        (req.params as { file: string }).file,
      );
      if (!m) throw notFound();
      const kind = kindOf(m[1]!)!;
      const xlsx = m[2] === 'xlsx';
      const body = xlsx ? await templateXlsx(COLUMNS[kind], SHEET_NAMES[kind]) : templateCsv(COLUMNS[kind]);
      reply.header(
        'content-type',
        xlsx
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv; charset=utf-8',
      );
      reply.header('content-disposition', `attachment; filename="yimen-import-${m[1]}.${m[2]}"`);
      return reply.send(body);
    },
  );

  app.post(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Start an import (multipart: file .xlsx|.csv, kind cases|users|units|mediation-orgs|residents|houses|organizations, mode all-or-nothing|skip-bad, source, region)',
        consumes: ['multipart/form-data'],
        response: {
          202: Type.Object({ id: Type.String(), status: Type.String(), total: Type.Integer() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const auth = requireStaff(req);
      const fields: Record<string, string> = {};
      let file: { name: string; bytes: Buffer } | null = null;
      try {
        for await (const part of req.parts({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } })) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file' || file)
              throw badRequest('validation.unknown_field', { field: part.fieldname });
            file = { name: part.filename ?? '', bytes: await part.toBuffer() };
          } else {
            fields[part.fieldname] = String(part.value ?? '').trim();
          }
        }
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new HttpError(413, 'import.file_too_large', {
            limit: `${IMPORT_MAX_BYTES / 1024 / 1024} MB`,
          });
        }
        throw err;
      }
      const kind = kindOf(fields.kind ?? '');
      if (!fields.kind) throw badRequest('validation.required', { field: 'kind' });
      if (!kind) throw badRequest('import.bad_kind', { kind: fields.kind.slice(0, 40) });
      if (!mayImport(auth, kind)) throw forbidden();
      const mode = modeOf(fields.mode || 'all-or-nothing');
      if (!mode) throw badRequest('import.bad_mode');
      const region = fields.region || null;
      if (region !== null && !/^\d{2,15}$/.test(region))
        throw badRequest('validation.format', { field: 'region' });
      if (!file) throw badRequest('validation.required', { field: 'file' });
      const type = fileTypeOf(file.name);
      if (!type) throw badRequest('import.bad_file_type');
      let table;
      try {
        table = await readTable(file.bytes, type);
      } catch (err) {
        if (err instanceof TableFileError) throw badRequest('import.unreadable', { reason: err.message });
        throw err;
      }
      const prepared = await prepareImport(deps, {
        kind,
        mode,
        source: fields.source || 'hotline',
        fileName: file.name,
        table,
        // base information goes to a grid: a grid worker's rows default to their own
        defaultRegion:
          kind === 'cases'
            ? region
            : isBaseImportKind(kind)
              ? (region ?? (levelOfCode(auth.user.scopeCode) === 'grid' ? auth.user.scopeCode : null))
              : null,
        actor: { kind: 'staff', auth },
        ip: requestMeta(req).ip,
      });
      const job = prepared.run((list) => {
        passwords.set(prepared.id, list);
      });
      running.add(job);
      void job.finally(() => running.delete(job));
      return reply.status(202).send({ id: prepared.id, status: 'running', total: prepared.total });
    },
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'Progress and report of an import (its starter only)',
        params: Type.Object({ id: Uuid }),
        response: { 200: Job, ...errors },
      },
    },
    async (req) => {
      const auth = requireStaff(req);
      const job = await readImport(deps, (req.params as { id: string }).id);
      if (!job || job.createdBy !== auth.user.id) throw notFound();
      const { createdBy: _createdBy, ...rest } = job;
      const once = job.status !== 'running' ? passwords.get(job.id) : undefined;
      if (once) passwords.delete(job.id);
      return { ...rest, ...(once ? { passwords: once } : {}) };
    },
  );
}
