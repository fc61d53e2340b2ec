import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ErrorBody, Nullable } from '../../http/schemas.js';
import { requestMeta, requireSystemAdmin } from '../auth/auth.plugin.js';
import { calendarOverview, putYear, yearDetail } from './calendar.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const YearView = Type.Object({
  year: Type.Integer(),
  known: Type.Boolean(),
  source: Nullable(Type.String()),
  holidays: Type.Array(Type.String()),
  workdays: Type.Array(Type.String()),
});

/** The working-day calendar's years (system administrator): which are known, load or edit one. */
export async function calendarRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/calendar/years',
    {
      schema: {
        tags: ['calendar'],
        summary:
          'Years the working-day calendar knows; this year or next unknown → warning (they count Mon–Fri)',
        response: {
          200: Type.Object({
            currentYear: Type.Integer(),
            nextYear: Type.Integer(),
            fallbackYears: Type.Array(Type.Integer()),
            warning: Type.Boolean(),
            years: Type.Array(
              Type.Object({
                year: Type.Integer(),
                source: Type.String(),
                updatedAt: Nullable(Type.String()),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requireSystemAdmin(req);
      return calendarOverview(deps);
    },
  );

  app.get(
    '/calendar/years/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: 'One year’s holidays and make-up working days as the calendar in use has them',
        params: YearParams,
        response: { 200: YearView, ...errors },
      },
    },
    async (req) => {
      requireSystemAdmin(req);
      return yearDetail(deps, (req.params as { year: number }).year);
    },
  );

  app.put(
    '/calendar/years/:year',
    {
      schema: {
        tags: ['calendar'],
        summary:
          'Load or replace a year: its holidays (放假) and make-up working days (调休上班, weekends only)',
        params: YearParams,
        body: Type.Object(
          {
            holidays: Type.Array(Day, { minItems: 1, maxItems: 366 }),
            workdays: Type.Array(Day, { maxItems: 120 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: YearView, ...errors },
      },
    },
    async (req) => {
      const auth = requireSystemAdmin(req);
      const { year } = req.params as { year: number };
      const b = req.body as { holidays: string[]; workdays: string[] };
      return putYear(deps, auth.user, requestMeta(req).ip, { year, ...b });
    },
  );
}
