// Weekly meetings (工作例会): the center's meetings with their situation report (情况报告, also as
// PDF), and the decisions they record as tasks on cases. A table of contents.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ErrorBody, idOf, IdParams, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { requestMeta, requireStaffOnly } from '../auth/auth.plugin.js';
import {
  completeDecision,
  createDecision,
  listCaseDecisions,
  listUnitDecisions,
} from './decisions.service.js';
import { createMeeting, listMeetings } from './meetings.service.js';
import { situationReportPdf } from './situation-report-pdf.js';
import { situationReport } from './situation-report.service.js';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const tags = ['meetings'];
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const Attendee = Type.Object({ name: Type.String(), userId: Type.Optional(Type.String()) });
const Meeting = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  weekStart: Type.String(),
  heldAt: Type.String(),
  place: Type.String(),
  attendees: Type.Array(Attendee),
  notes: Nullable(Type.String()),
  createdByName: Type.String(),
  createdAt: Type.String(),
});
const MeetingListItem = Type.Composite([Meeting, Type.Object({ decisions: Type.Integer() })]);

const Decision = Type.Object({
  id: Type.String(),
  meetingId: Type.String(),
  weekStart: Type.String(),
  caseId: Type.String(),
  caseNo: Type.String(),
  caseTitle: Type.String(),
  seq: Type.Integer(),
  unitId: Type.String(),
  unitName: Type.String(),
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  text: Type.String(),
  dueOn: Type.String(),
  status: StringEnum(['open', 'done'] as const),
  overdue: Type.Boolean(),
  doneAt: Nullable(Type.String()),
  doneByName: Nullable(Type.String()),
  doneNote: Nullable(Type.String()),
  createdAt: Type.String(),
});

const MeetingBody = Type.Object(
  {
    weekStart: Day,
    heldAt: Type.String({ format: 'date-time' }),
    place: Type.String({ minLength: 1, maxLength: 200 }),
    attendees: Type.Array(
      Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          userId: Type.Optional(Uuid),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
const DecisionBody = Type.Object(
  {
    caseId: Type.Optional(Uuid),
    caseNo: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    unitId: Uuid,
    assigneeId: Type.Optional(Uuid),
    dueOn: Day,
    text: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
const DoneBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { cursor: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
  { additionalProperties: false },
);
const TaskQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(['open', 'done'] as const)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

// the report is assembled from the analytics, warnings, supervision and scorecard answers
const Report = Type.Object({}, { additionalProperties: true });

export async function meetingsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post(
    '/meetings',
    {
      schema: {
        tags,
        summary:
          'Hold a weekly meeting (工作例会) of your center for a week (its Monday): time, place, attendees',
        body: MeetingBody,
        response: { 201: Meeting, ...errors },
      },
    },
    async (req, reply) => {
      const m = await createMeeting(
        deps,
        requireStaffOnly(req),
        req.body as Static<typeof MeetingBody>,
        requestMeta(req).ip,
      );
      return reply.status(201).send(m);
    },
  );

  app.get(
    '/meetings',
    {
      schema: {
        tags,
        summary: 'The meetings of the centers within your scope, newest first',
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(MeetingListItem), nextCursor: Nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const qs = req.query as Static<typeof ListQuery>;
      return listMeetings(deps, requireStaffOnly(req), { cursor: qs.cursor, limit: qs.limit ?? 20 });
    },
  );

  app.get(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary:
          'A meeting with its situation report (情况报告): the week’s figures vs the previous week, new warnings, overdue and supervised cases, scorecards, overdue and own decisions',
        params: IdParams,
        response: { 200: Report, ...errors },
      },
    },
    async (req) => situationReport(deps, requireStaffOnly(req), idOf(req)),
  );

  app.get(
    '/meetings/:id/report.pdf',
    {
      schema: {
        tags,
        summary: 'The situation report as a PDF',
        params: IdParams,
        response: { ...errors },
      },
    },
    async (req, reply) => {
      const report = await situationReport(deps, requireStaffOnly(req), idOf(req));
      const pdf = await situationReportPdf(report, deps.clock());
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="meeting-${report.week.from}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/meetings/:id/decisions',
    {
      schema: {
        tags,
        summary:
          'Record a decision of the meeting as a task on a case (caseId or caseNo): responsible unit, optional person, due day, text',
        params: IdParams,
        body: DecisionBody,
        response: { 201: Decision, ...errors },
      },
    },
    async (req, reply) => {
      const d = await createDecision(
        deps,
        requireStaffOnly(req),
        idOf(req),
        req.body as Static<typeof DecisionBody>,
        requestMeta(req).ip,
      );
      return reply.status(201).send(d);
    },
  );

  app.get(
    '/meeting-decisions',
    {
      schema: {
        tags,
        summary: 'Your unit’s task list of meeting decisions: open ones first by due day',
        querystring: TaskQuery,
        response: { 200: Type.Object({ items: Type.Array(Decision) }), ...errors },
      },
    },
    async (req) => {
      const qs = req.query as Static<typeof TaskQuery>;
      return listUnitDecisions(deps, requireStaffOnly(req), { status: qs.status, limit: qs.limit ?? 100 });
    },
  );

  app.post(
    '/meeting-decisions/:id/done',
    {
      schema: {
        tags,
        summary: 'The responsible unit marks a decision done, with a note of what was done',
        params: IdParams,
        body: DoneBody,
        response: { 200: Decision, ...errors },
      },
    },
    async (req) =>
      completeDecision(
        deps,
        requireStaffOnly(req),
        idOf(req),
        req.body as Static<typeof DoneBody>,
        requestMeta(req).ip,
      ),
  );

  app.get(
    '/cases/:id/meeting-decisions',
    {
      schema: {
        tags,
        summary: 'The meeting decisions on a case',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Decision) }), ...errors },
      },
    },
    async (req) => listCaseDecisions(deps, requireStaffOnly(req), idOf(req)),
  );
}
