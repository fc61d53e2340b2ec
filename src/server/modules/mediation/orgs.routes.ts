// The mediation organizations' directory (四调联动): organizations, their mediators' roster and
// live workload. Creating and editing the organizations themselves is the system administrator's
// (/api/admin/units, kind mediation_org); the roster is kept here.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { idOf, IdParams, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { requestMeta, requireStaffOnly } from '../auth/auth.plugin.js';
import { errors } from './mediation.schemas.js';
import { addMediator, getOrg, listOrgs, updateMediator } from './orgs.service.js';

const KIND = StringEnum(['people', 'industry', 'administrative', 'judicial'] as const);
const Specialties = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 });

const ListQuery = Type.Object(
  {
    kind: Type.Optional(KIND),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
const OrgItem = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  mediationKind: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  active: Type.Boolean(),
  mediators: Type.Integer(),
  activeMediators: Type.Integer(),
  openCases: Type.Integer(),
});
const Mediator = Type.Object({
  id: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  username: Nullable(Type.String()),
  name: Type.String(),
  specialties: Type.Array(Type.String()),
  phoneMasked: Nullable(Type.String()),
  active: Type.Boolean(),
  accountActive: Nullable(Type.Boolean()),
  openCases: Type.Integer(),
  leading: Type.Integer(),
});
const OrgDetail = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  mediationKind: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  centerName: Nullable(Type.String()),
  active: Type.Boolean(),
  openCases: Type.Integer(),
  canManage: Type.Boolean(),
  mediators: Type.Array(Mediator),
});
const AddBody = Type.Object(
  {
    userId: Type.Optional(Uuid),
    name: Type.Optional(Type.String({ maxLength: 50 })),
    specialties: Specialties,
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const PatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 50 })),
    specialties: Type.Optional(Specialties),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export async function orgsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/mediation-orgs',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'Mediation organizations the caller may read (their area and those above that serve it; a mediator their own), with roster size and open cases',
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(OrgItem), nextCursor: Nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const qs = req.query as Static<typeof ListQuery>;
      return listOrgs(deps, requireStaffOnly(req), {
        kind: qs.kind,
        text: qs.q,
        cursor: qs.cursor,
        limit: qs.limit,
      });
    },
  );

  app.get(
    '/mediation-orgs/:id',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'A mediation organization with its mediators (specialties, contact, active) and their live workload',
        params: IdParams,
        response: { 200: OrgDetail, ...errors },
      },
    },
    async (req) => getOrg(deps, requireStaffOnly(req), idOf(req)),
  );

  app.post(
    '/mediation-orgs/:id/mediators',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'Add a mediator to the roster: a mediator account of the organization, or a person without an account (the dispatcher in scope, or the organization)',
        params: IdParams,
        body: AddBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const out = await addMediator(
        deps,
        requireStaffOnly(req),
        idOf(req),
        req.body as Static<typeof AddBody>,
        requestMeta(req).ip,
      );
      return reply.status(201).send(out);
    },
  );

  app.patch(
    '/mediators/:id',
    {
      schema: {
        tags: ['mediation'],
        summary: 'Change a roster entry: name, specialties (category codes), phone (empty: none), active',
        params: IdParams,
        body: PatchBody,
        response: { 200: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (req) =>
      updateMediator(
        deps,
        requireStaffOnly(req),
        idOf(req),
        req.body as Static<typeof PatchBody>,
        requestMeta(req).ip,
      ),
  );
}
