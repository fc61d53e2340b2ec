// The dashboards' API (研判 figures): a table of contents. Every figure is for a region at or under
// the caller's scope and a period of whole CST days (default: the last 30); the dashboard roles
// only (dispatchers, leaders, supervisors).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ErrorBody } from '../../http/schemas.js';
import { requireStaffOnly } from '../auth/auth.plugin.js';
import type { FigureQueryT, TrendQueryT } from './analytics.schemas.js';
import {
  FigureQuery,
  Mix,
  Overview,
  Regions,
  Screen,
  ScreenQuery,
  Trend,
  TrendQuery,
  Units,
} from './analytics.schemas.js';
import { mix, overview, trend } from './analytics.service.js';
import { FigureCache } from './figure-cache.js';
import { regionRanking, unitRanking } from './rankings.service.js';
import { screen } from './screen.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 422: ErrorBody };
const tags = ['analytics'];

export async function analyticsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // one per server process: figures of a region and period shared by all who ask within a moment
  const cache = new FigureCache({ maxAgeMs: deps.config.dashboardMaxAgeMs });
  app.get(
    '/analytics/overview',
    {
      schema: {
        tags,
        summary:
          'KPIs of a region and period (化解率, 办结率, 按期办结率, 满意率), open and overdue now, grid reports, open warnings',
        querystring: FigureQuery,
        response: { 200: Overview, ...errors },
      },
    },
    async (req) => overview(deps, requireStaffOnly(req), req.query as FigureQueryT, cache),
  );

  app.get(
    '/analytics/trend',
    {
      schema: {
        tags,
        summary: 'Figures per day, week (from Monday) or month of the period',
        querystring: TrendQuery,
        response: { 200: Trend, ...errors },
      },
    },
    async (req) => trend(deps, requireStaffOnly(req), req.query as TrendQueryT, cache),
  );

  app.get(
    '/analytics/mix',
    {
      schema: {
        tags,
        summary: 'Figures by category and by channel, each with its open backlog',
        querystring: FigureQuery,
        response: { 200: Mix, ...errors },
      },
    },
    async (req) => mix(deps, requireStaffOnly(req), req.query as FigureQueryT, cache),
  );

  app.get(
    '/analytics/regions',
    {
      schema: {
        tags,
        summary:
          'Drill-down and ranking: each child region (county → township → village → grid) with its figures',
        querystring: FigureQuery,
        response: { 200: Regions, ...errors },
      },
    },
    async (req) => regionRanking(deps, requireStaffOnly(req), req.query as FigureQueryT, cache),
  );

  app.get(
    '/analytics/units',
    {
      schema: {
        tags,
        summary: 'Ranking of units: received as first-contact unit, concluded as lead, open and overdue now',
        querystring: FigureQuery,
        response: { 200: Units, ...errors },
      },
    },
    async (req) => unitRanking(deps, requireStaffOnly(req), req.query as FigureQueryT, cache),
  );

  app.get(
    '/analytics/screen',
    {
      schema: {
        tags,
        summary:
          'The wall screen (大屏) in one answer: today, this month, 30 days of trend, ranking, case feeds',
        querystring: ScreenQuery,
        response: { 200: Screen, ...errors },
      },
    },
    async (req) => screen(deps, requireStaffOnly(req), req.query as { region?: string }, cache),
  );
}
