import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { roleMayEver } from '../../../core/workflow/policy.js';
import { RISK_LEVELS } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import { forbidden } from '../../http/errors.js';
import { ErrorBody, StringEnum } from '../../http/schemas.js';
import { requireStaffOnly } from '../auth/auth.plugin.js';
import { suggestTriage } from './triage.service.js';

const Reason = Type.Object({
  rule: Type.String(),
  level: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  confidence: Type.Optional(Type.Number()),
  words: Type.Array(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});

/** POST /api/triage: the suggestion the registration form shows (分流研判). */
export async function triageRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post(
    '/triage',
    {
      schema: {
        tags: ['triage'],
        summary:
          'Suggest the category and risk level of a dispute description, with the words and rules behind them (staff who register); nothing is stored',
        body: Type.Object(
          {
            description: Type.String({ minLength: 1, maxLength: 4000, pattern: '\\S' }),
            title: Type.Optional(Type.String({ maxLength: 200 })),
            partyCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
            categoryCode: Type.Optional(Type.String({ pattern: '^[a-z_]{2,40}$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            category: Type.String(),
            confidence: Type.Number(),
            risk: StringEnum(RISK_LEVELS),
            reasons: Type.Array(Reason),
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (req) => {
      const auth = requireStaffOnly(req);
      if (!roleMayEver(auth.user.role, 'register')) throw forbidden();
      const body = req.body as {
        description: string;
        title?: string;
        partyCount?: number;
        categoryCode?: string;
      };
      return suggestTriage({ ...body, at: deps.clock() });
    },
  );
}
