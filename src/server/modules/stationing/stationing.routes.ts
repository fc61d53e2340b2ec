import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ErrorBody, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { ROSTER_KINDS } from '../../../core/stationing/roster.js';
import { requestMeta, requireStaff } from '../auth/auth.plugin.js';
import * as appointments from './appointments.service.js';
import * as queue from './queue.service.js';
import * as rosters from './rosters.service.js';
import * as svc from './stationing.service.js';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const Day = Type.String({ minLength: 10, maxLength: 10 });
const BoardUnit = Type.Object({ unitId: Type.String(), name: Type.String(), type: Nullable(Type.String()) });
const Board = Type.Object({
  centerId: Type.String(),
  centerName: Type.String(),
  date: Type.String(),
  workingDay: Type.Boolean(),
  permanent: Type.Array(BoardUnit),
  rotation: Type.Array(
    Type.Object({
      rosterId: Type.String(),
      rosterName: Type.String(),
      kind: Type.String(),
      overridden: Type.Boolean(),
      units: Type.Array(BoardUnit),
    }),
  ),
  onCall: Type.Array(
    Type.Object({
      unitId: Type.String(),
      name: Type.String(),
      type: Nullable(Type.String()),
      contactName: Type.String(),
      phoneMasked: Type.String(),
      responseMinutes: Type.Integer(),
    }),
  ),
});
const Call = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  caseId: Nullable(Type.String()),
  status: Type.String(),
  calledAt: Type.String(),
  dueAt: Type.String(),
});

const UnitRef = Type.Object({ unitId: Type.String(), name: Type.String() });
const RosterPutBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: StringEnum(ROSTER_KINDS),
    anchorDay: Day,
    slots: Type.Array(Type.Array(Uuid, { maxItems: 20 }), { maxItems: 60 }),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** The console's stationing pages: departments of a center, its rosters, a roster's schedule and edit. */
async function rosterRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/centers/:id/departments',
    {
      schema: {
        tags: ['stationing'],
        summary:
          'The departments that may serve a center and how each is stationed (常驻 / 轮驻 / 随叫随驻), with on-call contacts and rosters',
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({
            centerId: Type.String(),
            centerName: Type.String(),
            items: Type.Array(
              Type.Object({
                unitId: Type.String(),
                name: Type.String(),
                type: Nullable(Type.String()),
                stationing: Nullable(Type.String()),
                regionCode: Type.String(),
                own: Type.Boolean(),
                onCall: Nullable(
                  Type.Object({
                    contactName: Type.String(),
                    phoneMasked: Type.String(),
                    responseMinutes: Type.Integer(),
                  }),
                ),
                rosters: Type.Array(Type.String()),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => rosters.centerDepartments(deps, requireStaff(req), (req.params as { id: string }).id),
  );

  app.get(
    '/centers/:id/rosters',
    {
      schema: {
        tags: ['stationing'],
        summary: 'A center’s active rotation rosters (轮驻) with their slots',
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                kind: Type.String(),
                anchorDay: Type.String(),
                slots: Type.Array(Type.Array(UnitRef)),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => rosters.centerRosters(deps, requireStaff(req), (req.params as { id: string }).id),
  );

  app.get(
    '/rosters/:id/schedule',
    {
      schema: {
        tags: ['stationing'],
        summary:
          'Who a roster puts on duty each day of a range (overrides marked): the roster editor’s calendar',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object(
          {
            from: Day,
            days: Type.Optional(Type.Integer({ minimum: 1, maximum: rosters.MAX_SCHEDULE_DAYS })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            rosterId: Type.String(),
            name: Type.String(),
            days: Type.Array(
              Type.Object({
                date: Type.String(),
                workingDay: Type.Boolean(),
                overridden: Type.Boolean(),
                units: Type.Array(UnitRef),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const { from, days } = req.query as { from: string; days?: number };
      return rosters.rosterSchedule(deps, requireStaff(req), id, from, days ?? 14);
    },
  );

  app.put(
    '/rosters/:id',
    {
      schema: {
        tags: ['stationing'],
        summary:
          'Change a rotation roster: name, kind, start day, slots, or take it off the board (active: false)',
        params: Type.Object({ id: Uuid }),
        body: RosterPutBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      await rosters.updateRoster(
        deps,
        requireStaff(req),
        requestMeta(req).ip,
        id,
        req.body as rosters.RosterUpdate,
      );
      return reply.status(204).send();
    },
  );
}

/** Stationing at a center (进驻, issue 7): the duty board, rosters, on-call contacts and calls. */
export async function stationingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await rosterRoutes(app, deps);
  app.get(
    '/centers/:id/on-duty',
    {
      schema: {
        tags: ['stationing'],
        summary: 'The "on duty today" board of a center (default: today, CST)',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({ date: Type.Optional(Day) }, { additionalProperties: false }),
        response: { 200: Board, ...errors },
      },
    },
    async (req) => {
      const auth = requireStaff(req);
      const { id } = req.params as { id: string };
      const { date } = req.query as { date?: string };
      return svc.dutyBoard(deps, auth, id, date);
    },
  );

  app.post(
    '/centers/:id/rosters',
    {
      schema: {
        tags: ['stationing'],
        summary: 'Add a rotation roster (轮驻): a cycle over working days, or a weekly pattern',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            kind: StringEnum(ROSTER_KINDS),
            anchorDay: Day,
            slots: Type.Array(Type.Array(Uuid, { maxItems: 20 }), { maxItems: 60 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireStaff(req);
      const { id } = req.params as { id: string };
      const out = await svc.createRoster(deps, auth, requestMeta(req).ip, id, req.body as svc.RosterInput);
      return reply.status(201).send(out);
    },
  );

  app.put(
    '/rosters/:id/overrides/:day',
    {
      schema: {
        tags: ['stationing'],
        summary: 'Set who is on duty on one day of a roster (an empty list: nobody)',
        params: Type.Object({ id: Uuid, day: Day }),
        body: Type.Object({ unitIds: Type.Array(Uuid, { maxItems: 20 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireStaff(req);
      const { id, day } = req.params as { id: string; day: string };
      const { unitIds } = req.body as { unitIds: string[] };
      await svc.setRosterOverride(deps, auth, requestMeta(req).ip, id, day, unitIds);
      return reply.status(204).send();
    },
  );

  app.put(
    '/centers/:id/on-call/:unitId',
    {
      schema: {
        tags: ['stationing'],
        summary: 'Set the on-call contact (随叫随驻) of a department at a center and its response time',
        params: Type.Object({ id: Uuid, unitId: Uuid }),
        body: Type.Object(
          {
            contactName: Type.String({ minLength: 1, maxLength: 50 }),
            phone: Type.String({ minLength: 1, maxLength: 20 }),
            responseMinutes: Type.Integer({ minimum: 1, maximum: 10080 }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireStaff(req);
      const { id, unitId } = req.params as { id: string; unitId: string };
      await svc.setOnCallContact(deps, auth, requestMeta(req).ip, id, unitId, req.body as svc.ContactInput);
      return reply.status(204).send();
    },
  );

  app.get(
    '/centers/:id/on-call-calls',
    {
      schema: {
        tags: ['stationing'],
        summary: 'The on-call calls of a center in the last 7 days',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Array(Call), ...errors },
      },
    },
    async (req) => {
      const auth = requireStaff(req);
      const { id } = req.params as { id: string };
      return svc.centerCalls(deps, auth, id);
    },
  );

  app.post(
    '/centers/:id/on-call-calls',
    {
      schema: {
        tags: ['stationing'],
        summary: 'Call an on-call department for a case or a walk-in resident',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            unitId: Uuid,
            caseId: Type.Optional(Uuid),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String(), dueAt: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireStaff(req);
      const { id } = req.params as { id: string };
      const body = req.body as { unitId: string; caseId?: string; note?: string };
      const out = await svc.callOnCall(deps, auth, requestMeta(req).ip, id, body);
      return reply.status(201).send(out);
    },
  );

  app.post(
    '/on-call-calls/:id/:step',
    {
      schema: {
        tags: ['stationing'],
        summary: 'The called department acknowledges the call or reports its arrival',
        params: Type.Object({ id: Uuid, step: StringEnum(['acknowledge', 'arrive'] as const) }),
        response: { 200: Type.Object({ status: Type.String(), onTime: Type.Boolean() }), ...errors },
      },
    },
    async (req) => {
      const auth = requireStaff(req);
      const { id, step } = req.params as { id: string; step: 'acknowledge' | 'arrive' };
      return svc.answerCall(deps, auth, requestMeta(req).ip, id, step);
    },
  );
}

const Ticket = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  status: Type.String(),
  takenAt: Type.String(),
  calledAt: Nullable(Type.String()),
});

/** Queue numbers (叫号) for walk-in residents at a center's window. */
export async function queueRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/centers/:id/queue',
    {
      schema: {
        tags: ['stationing'],
        summary: 'Today’s queue numbers of a center (CST day)',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ day: Type.String(), tickets: Type.Array(Ticket) }), ...errors },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      return queue.queueOfToday(deps, requireStaff(req), id);
    },
  );

  app.post(
    '/centers/:id/queue',
    {
      schema: {
        tags: ['stationing'],
        summary: 'Take a number for a walk-in resident, optionally for a stationed department',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ unitId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ id: Type.String(), day: Type.String(), number: Type.Integer() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const { unitId } = (req.body ?? {}) as { unitId?: string };
      const out = await queue.takeNumber(deps, requireStaff(req), requestMeta(req).ip, id, unitId);
      return reply.status(201).send(out);
    },
  );

  app.post(
    '/centers/:id/queue/call-next',
    {
      schema: {
        tags: ['stationing'],
        summary: 'Call the lowest waiting number (for a department, if given)',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ unitId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ id: Type.String(), number: Type.Integer(), unitId: Nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const { unitId } = (req.body ?? {}) as { unitId?: string };
      return queue.callNext(deps, requireStaff(req), requestMeta(req).ip, id, unitId);
    },
  );

  app.post(
    '/queue-tickets/:id/:step',
    {
      schema: {
        tags: ['stationing'],
        summary: 'Serve or skip a called number, or call a skipped one again',
        params: Type.Object({ id: Uuid, step: StringEnum(['serve', 'skip', 'recall'] as const) }),
        response: { 200: Type.Object({ status: Type.String() }), ...errors },
      },
    },
    async (req) => {
      const { id, step } = req.params as { id: string; step: 'serve' | 'skip' | 'recall' };
      return queue.finishTicket(deps, requireStaff(req), requestMeta(req).ip, id, step);
    },
  );
}

const Appointment = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  time: Type.String(),
  residentName: Type.String(),
  phoneMasked: Type.String(),
  topic: Nullable(Type.String()),
  status: Type.String(),
});

/** Appointments (预约) with a stationed department on its duty days. */
export async function appointmentRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/centers/:id/appointments',
    {
      schema: {
        tags: ['stationing'],
        summary: 'A center’s appointments of a day (default today, CST), masked',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({ date: Type.Optional(Day) }, { additionalProperties: false }),
        response: { 200: Type.Array(Appointment), ...errors },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const { date } = req.query as { date?: string };
      return appointments.listAppointments(deps, requireStaff(req), id, date);
    },
  );

  app.post(
    '/centers/:id/appointments',
    {
      schema: {
        tags: ['stationing'],
        summary: 'Book a resident with a department on one of its duty days at the center',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            unitId: Uuid,
            day: Day,
            time: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
            residentName: Type.String({ minLength: 1, maxLength: 50 }),
            phone: Type.String({ minLength: 1, maxLength: 20 }),
            topic: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const body = req.body as appointments.AppointmentInput;
      const out = await appointments.bookAppointment(deps, requireStaff(req), requestMeta(req).ip, id, body);
      return reply.status(201).send(out);
    },
  );
}
