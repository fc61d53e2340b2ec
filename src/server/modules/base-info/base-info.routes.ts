// Base information (基础信息): residents, houses and organizations of the grids, masked on every
// read; clear values only through POST …/unmask (reason required, logged). Scope and roles come
// from the base-information table of the policy (src/core/workflow/policy.ts).
import type { FastifyInstance } from 'fastify';
import type { KeyGroup } from '../../../core/base-info/fields.js';
import type { PiiField } from '../../crypto/pii-crypto.js';
import type { AppDeps } from '../../deps.js';
import { ErrorBody } from '../../http/schemas.js';
import { requestMeta, requireAuth } from '../auth/auth.plugin.js';
import {
  HouseCreate,
  HousePatch,
  IdParams,
  Item,
  KeyGroupsBody,
  ListQuery,
  OrganizationCreate,
  OrganizationPatch,
  Page,
  ResidentCreate,
  ResidentListQuery,
  ResidentPatch,
  UnmaskAnswer,
  UnmaskBody,
} from './base-info.schemas.js';
import { createHouse, getHouse, listHouses, unmaskHouse, updateHouse } from './houses.service.js';
import {
  createOrganization,
  getOrganization,
  listOrganizations,
  unmaskOrganization,
  updateOrganization,
} from './organizations.service.js';
import {
  createResident,
  getResident,
  listResidents,
  setKeyGroups,
  unmaskResident,
  updateResident,
} from './residents.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
type Id = { id: string };
type Unmask = { field: PiiField; reason: string };

export async function baseInfoRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const ip = (req: Parameters<typeof requestMeta>[0]) => requestMeta(req).ip;

  // one block per kind: list, read, create, edit, unmask
  const kinds = [
    {
      path: 'residents',
      what: 'residents (人口)',
      query: ResidentListQuery,
      create: ResidentCreate,
      patch: ResidentPatch,
      list: listResidents,
      get: getResident,
      add: createResident,
      edit: updateResident,
      unmask: unmaskResident,
    },
    {
      path: 'houses',
      what: 'houses (房屋)',
      query: ListQuery,
      create: HouseCreate,
      patch: HousePatch,
      list: listHouses,
      get: getHouse,
      add: createHouse,
      edit: updateHouse,
      unmask: unmaskHouse,
    },
    {
      path: 'organizations',
      what: 'businesses and organizations (单位)',
      query: ListQuery,
      create: OrganizationCreate,
      patch: OrganizationPatch,
      list: listOrganizations,
      get: getOrganization,
      add: createOrganization,
      edit: updateOrganization,
      unmask: unmaskOrganization,
    },
  ] as const;

  for (const k of kinds) {
    const tags = ['base-info'];
    app.get(
      `/base/${k.path}`,
      {
        schema: {
          tags,
          summary: `List or search ${k.what} within the caller's scope, masked, newest first`,
          querystring: k.query,
          response: { 200: Page, ...errors },
        },
      },
      async (req) => k.list(deps, requireAuth(req), req.query as never),
    );
    app.get(
      `/base/${k.path}/:id`,
      {
        schema: {
          tags,
          summary: `One of the ${k.what}, masked`,
          params: IdParams,
          response: { 200: Item, ...errors },
        },
      },
      async (req) => k.get(deps, requireAuth(req), (req.params as Id).id),
    );
    app.post(
      `/base/${k.path}`,
      {
        schema: {
          tags,
          summary: `Record one of the ${k.what} (in the caller's grid unless regionCode names another grid in scope)`,
          body: k.create,
          response: { 201: Item, ...errors },
        },
      },
      async (req, reply) => {
        const created = await k.add(deps, requireAuth(req), req.body as never, ip(req));
        return reply.status(201).send(created);
      },
    );
    app.patch(
      `/base/${k.path}/:id`,
      {
        schema: {
          tags,
          summary: `Edit one of the ${k.what}; null clears an optional field`,
          params: IdParams,
          body: k.patch,
          response: { 200: Item, ...errors },
        },
      },
      async (req) => k.edit(deps, requireAuth(req), (req.params as Id).id, req.body as never, ip(req)),
    );
    app.post(
      `/base/${k.path}/:id/unmask`,
      {
        schema: {
          tags,
          summary: 'See one personal-data field in clear, with a reason; every call is logged',
          params: IdParams,
          body: UnmaskBody,
          response: { 200: UnmaskAnswer, ...errors },
        },
      },
      async (req) => {
        const body = req.body as Unmask;
        const value = await k.unmask(deps, requireAuth(req), { id: (req.params as Id).id, ...body }, ip(req));
        return { field: body.field, value };
      },
    );
  }

  app.post(
    '/base/residents/:id/key-groups',
    {
      schema: {
        tags: ['base-info'],
        summary: 'Set the key groups (重点人群) of a resident, with a reason (dispatchers and leaders)',
        params: IdParams,
        body: KeyGroupsBody,
        response: { 200: Item, ...errors },
      },
    },
    async (req) =>
      setKeyGroups(
        deps,
        requireAuth(req),
        (req.params as Id).id,
        req.body as { groups: KeyGroup[]; reason: string },
        ip(req),
      ),
  );
}
