import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { UNIT_KINDS, type UnitKind } from '../../../core/organization/account-shape.js';
import {
  MEDIATION_KINDS,
  STATIONINGS,
  type MediationKind,
  type Stationing,
} from '../../../core/organization/unit-shape.js';
import type { AppDeps } from '../../deps.js';
import type { AuditResult, PiiField } from '../../db/tables.js';
import { ErrorBody, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { listAuditEntries, listPiiAccess } from '../audit/audit-review.service.js';
import { addGrid, renameRegionNode } from '../regions/regions.admin.service.js';
import {
  createCategory,
  createUnit,
  listCategoriesAdmin,
  listUnitsAdmin,
  updateUnitAdmin,
  type UnitChange,
} from '../units/units.admin.service.js';
import { configActor, requireAdministrator } from './admin-guard.js';

const Code = Type.String({ pattern: '^[0-9]{2,15}$' });
const UnitCode = Type.String({ pattern: '^[0-9a-z][0-9a-z-]{2,59}$' });
const CategoryCode = Type.String({ pattern: '^[a-z_]{1,40}$' });
const Name = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Kind = StringEnum(UNIT_KINDS);
const Mediation = StringEnum(MEDIATION_KINDS);
const Station = StringEnum(STATIONINGS);
const Cursor = Type.String({ minLength: 1, maxLength: 200 });
const Limit = Type.Integer({ minimum: 1, maximum: 200 });
const Unit = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  centerId: Nullable(Type.String()),
  centerName: Nullable(Type.String()),
  departmentType: Nullable(Type.String()),
  mediationKind: Nullable(Type.String()),
  stationing: Nullable(Type.String()),
  active: Type.Boolean(),
  activeUsers: Type.Integer(),
});
const Category = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  sort: Type.Integer(),
  active: Type.Boolean(),
});
const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parentCode: Nullable(Type.String()),
});
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const page = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

/**
 * The administrators' pages (三员分立): units, the region tree and the categories are system
 * configuration (system administrator); the audit and PII-access logs are the audit
 * administrator's alone. Accounts are in users.routes.ts (security administrator).
 */
export async function adminRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const sysAdmin = (
    req: Parameters<typeof requireAdministrator>[0],
    action: string,
    targetType: string,
    targetId?: string,
  ) => requireAdministrator(req, deps, 'sys_admin', { action, targetType, targetId });

  app.get(
    '/admin/units',
    {
      schema: {
        tags: ['admin'],
        summary: 'Units, active or not, in region order (system administrator); keyset paging with `cursor`',
        querystring: Type.Object(
          {
            kind: Type.Optional(Kind),
            under: Type.Optional(Code),
            region: Type.Optional(Code),
            active: Type.Optional(Type.Boolean()),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            cursor: Type.Optional(Cursor),
            limit: Type.Optional(Limit),
          },
          { additionalProperties: false },
        ),
        response: { 200: page(Unit), ...errors },
      },
    },
    async (req) => {
      await sysAdmin(req, 'config.unit', 'unit');
      const f = req.query as {
        kind?: UnitKind;
        under?: string;
        region?: string;
        active?: boolean;
        q?: string;
        cursor?: string;
        limit?: number;
      };
      return listUnitsAdmin(deps, { ...f, text: f.q });
    },
  );

  app.post(
    '/admin/units',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Add a unit: a center, a department stationed at a center, a mediation organization, a committee',
        body: Type.Object(
          {
            code: UnitCode,
            name: Name(80),
            kind: Kind,
            regionCode: Code,
            centerId: Type.Optional(Nullable(Uuid)),
            departmentType: Type.Optional(Nullable(Name(20))),
            mediationKind: Type.Optional(Nullable(Mediation)),
            stationing: Type.Optional(Nullable(Station)),
          },
          { additionalProperties: false },
        ),
        response: { 201: Unit, ...errors },
      },
    },
    async (req, reply) => {
      const auth = await sysAdmin(req, 'config.unit', 'unit');
      const b = req.body as {
        code: string;
        name: string;
        kind: UnitKind;
        regionCode: string;
        centerId?: string | null;
        departmentType?: string | null;
        mediationKind?: MediationKind | null;
        stationing?: Stationing | null;
      };
      const unit = await createUnit(
        deps,
        {
          code: b.code,
          name: b.name.trim(),
          kind: b.kind,
          regionCode: b.regionCode,
          centerId: b.centerId ?? null,
          departmentType: b.departmentType?.trim() ?? null,
          mediationKind: b.mediationKind ?? null,
          stationing: b.stationing ?? null,
        },
        configActor(auth, req),
      );
      return reply.status(201).send(unit);
    },
  );

  app.patch(
    '/admin/units/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename a unit, change its stationing or center, or (de)activate it; code and kind stay',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            name: Type.Optional(Name(80)),
            active: Type.Optional(Type.Boolean()),
            centerId: Type.Optional(Nullable(Uuid)),
            departmentType: Type.Optional(Nullable(Name(20))),
            mediationKind: Type.Optional(Nullable(Mediation)),
            stationing: Type.Optional(Nullable(Station)),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Unit, ...errors },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const auth = await sysAdmin(req, 'config.unit', 'unit', id);
      const b = req.body as UnitChange;
      return updateUnitAdmin(
        deps,
        id,
        { ...b, name: b.name?.trim(), departmentType: b.departmentType?.trim() ?? b.departmentType },
        configActor(auth, req),
      );
    },
  );

  app.post(
    '/admin/regions',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Add a grid under a village (the next number; name defaults to …第N网格). Other levels come from the statistical codes.',
        body: Type.Object(
          { parentCode: Code, name: Type.Optional(Name(60)) },
          { additionalProperties: false },
        ),
        response: { 201: Region, ...errors },
      },
    },
    async (req, reply) => {
      const auth = await sysAdmin(req, 'config.region', 'region');
      const b = req.body as { parentCode: string; name?: string };
      const r = await addGrid(
        deps,
        { villageCode: b.parentCode, name: b.name?.trim() },
        configActor(auth, req),
      );
      return reply
        .status(201)
        .send({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code });
    },
  );

  app.patch(
    '/admin/regions/:code',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename a region node (its code stays)',
        params: Type.Object({ code: Code }),
        body: Type.Object({ name: Name(60) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const { code } = req.params as { code: string };
      const auth = await sysAdmin(req, 'config.region', 'region', code);
      await renameRegionNode(
        deps,
        { code, name: (req.body as { name: string }).name.trim() },
        configActor(auth, req),
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/admin/categories',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every dispute category, retired ones too (system administrator)',
        response: { 200: Type.Array(Category), ...errors },
      },
    },
    async (req) => {
      await sysAdmin(req, 'config.category', 'category');
      return listCategoriesAdmin(deps);
    },
  );

  app.post(
    '/admin/categories',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a dispute category; rename, reorder or retire it with PATCH /api/categories/{code}',
        body: Type.Object(
          {
            code: CategoryCode,
            nameZh: Name(40),
            nameEn: Name(80),
            sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Category, ...errors },
      },
    },
    async (req, reply) => {
      const auth = await sysAdmin(req, 'config.category', 'category');
      const b = req.body as { code: string; nameZh: string; nameEn: string; sort?: number; active?: boolean };
      const c = await createCategory(
        deps,
        { ...b, nameZh: b.nameZh.trim(), nameEn: b.nameEn.trim() },
        configActor(auth, req),
      );
      return reply.status(201).send(c);
    },
  );

  const Period = {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  };

  app.get(
    '/admin/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'The audit log, newest first (audit administrator); keyset paging with `cursor`',
        querystring: Type.Object(
          {
            actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            result: Type.Optional(StringEnum(['success', 'failure', 'denied'] as const)),
            ...Period,
            cursor: Type.Optional(Uuid),
            limit: Type.Optional(Limit),
          },
          { additionalProperties: false },
        ),
        response: {
          200: page(
            Type.Object({
              id: Type.String(),
              at: Type.String(),
              actorId: Nullable(Type.String()),
              actorRole: Nullable(Type.String()),
              actorLabel: Nullable(Type.String()),
              ip: Nullable(Type.String()),
              action: Type.String(),
              targetType: Nullable(Type.String()),
              targetId: Nullable(Type.String()),
              result: Type.String(),
              detail: Type.Record(Type.String(), Type.Unknown()),
            }),
          ),
          ...errors,
        },
      },
    },
    async (req) => {
      await requireAdministrator(req, deps, 'audit_admin');
      const f = req.query as {
        actor?: string;
        action?: string;
        targetType?: string;
        targetId?: string;
        result?: AuditResult;
        from?: string;
        to?: string;
        cursor?: string;
        limit?: number;
      };
      return listAuditEntries(deps, f);
    },
  );

  app.get(
    '/admin/pii-access',
    {
      schema: {
        tags: ['admin'],
        summary: 'Who read which personal data of which case, and why; newest first (audit administrator)',
        querystring: Type.Object(
          {
            actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            caseNo: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            field: Type.Optional(StringEnum(['phone', 'id_number', 'address'] as const)),
            ...Period,
            cursor: Type.Optional(Uuid),
            limit: Type.Optional(Limit),
          },
          { additionalProperties: false },
        ),
        response: {
          200: page(
            Type.Object({
              id: Type.String(),
              at: Type.String(),
              actorId: Type.String(),
              actorUsername: Nullable(Type.String()),
              actorRole: Nullable(Type.String()),
              subjectType: Type.String({ description: 'party | resident | house | organization' }),
              subjectId: Type.String(),
              partyId: Nullable(Type.String()),
              partyRole: Nullable(Type.String()),
              caseId: Nullable(Type.String()),
              caseNo: Nullable(Type.String()),
              field: Type.String(),
              reason: Type.String(),
              ip: Nullable(Type.String()),
            }),
          ),
          ...errors,
        },
      },
    },
    async (req) => {
      await requireAdministrator(req, deps, 'audit_admin');
      const f = req.query as {
        actor?: string;
        caseNo?: string;
        field?: PiiField;
        from?: string;
        to?: string;
        cursor?: string;
        limit?: number;
      };
      return listPiiAccess(deps, f);
    },
  );
}
