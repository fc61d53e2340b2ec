// "Is this party known?" for the registration form: earlier cases in which the same person (same
// phone or ID number, found by the blind index, never by the clear value) took part, limited to
// the cases the caller may read. Answers case facts and the party's role only, never personal
// data; every lookup is audited, since it tells the caller something about a person.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  isValidIdNumber,
  isValidPhone,
  normalizeIdNumber,
  normalizePhone,
} from '../../../core/pii/validation.js';
import { roleMayEver } from '../../../core/workflow/policy.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, forbidden } from '../../http/errors.js';
import { ErrorBody } from '../../http/schemas.js';
import { recordAudit } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { requestMeta, requireAuth } from '../auth/auth.plugin.js';
import { auditActor } from './case-errors.js';
import { visible } from './case-search.queries.js';
import { visibilityOf } from './read-case.js';

/** At most this many earlier cases are listed; `more` says when there are others. */
export const KNOWN_PARTY_LIMIT = 10;

export interface KnownPartyQuery {
  phone?: string;
  idNumber?: string;
}

export interface KnownCase {
  id: string;
  caseNo: string;
  title: string;
  state: string;
  createdAt: string;
  partyRole: string;
}

/**
 * Earlier cases of the party with this phone or ID number that the caller may read, newest
 * first. Only roles that may register ask (the hint belongs to the registration form).
 */
export async function findKnownParty(
  deps: AppDeps,
  auth: AuthContext,
  query: KnownPartyQuery,
  ip: string | null,
): Promise<{ items: KnownCase[]; more: boolean }> {
  if (auth.kind !== 'staff' || !roleMayEver(auth.user.role, 'register')) throw forbidden();
  const v = visibilityOf(auth);
  if (!v) throw forbidden();
  const given = [query.phone, query.idNumber].filter((x) => x !== undefined);
  if (given.length !== 1) throw badRequest('party.lookup_one_of');
  const by = query.phone !== undefined ? 'phone' : 'id_number';
  let bidx: string;
  if (by === 'phone') {
    if (!isValidPhone(query.phone!)) throw badRequest('party.bad_phone');
    bidx = deps.crypto.blindIndex('phone', normalizePhone(query.phone!));
  } else {
    if (!isValidIdNumber(query.idNumber!)) throw badRequest('party.bad_id_number');
    bidx = deps.crypto.blindIndex('id_number', normalizeIdNumber(query.idNumber!));
  }
  const bidxColumn = by === 'phone' ? 'parties.phone_bidx' : 'parties.id_number_bidx';

  return withTransaction(deps.db, async (trx) => {
    const rows = await trx
      .selectFrom('parties')
      .innerJoin('cases', 'cases.id', 'parties.case_id')
      .select([
        'cases.id',
        'cases.case_no',
        'cases.title',
        'cases.state',
        'cases.created_at',
        'parties.role as party_role',
      ])
      .where(bidxColumn, '=', bidx)
      // a restricted party (停止处理 after a deletion request, 0019) is not looked up any more
      .where('parties.restricted_at', 'is', null)
      .where((eb) => visible(eb, v))
      .orderBy('cases.id', 'desc')
      .orderBy('parties.id')
      .limit(KNOWN_PARTY_LIMIT * 3)
      .execute();
    // one line per case (a person named twice in one case shows once, by the first role)
    const seen = new Set<string>();
    const items: KnownCase[] = [];
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      items.push({
        id: r.id,
        caseNo: r.case_no,
        title: r.title,
        state: r.state,
        createdAt: r.created_at.toISOString(),
        partyRole: r.party_role,
      });
    }
    const more = items.length > KNOWN_PARTY_LIMIT || rows.length === KNOWN_PARTY_LIMIT * 3;
    await recordAudit(trx, deps.newId(), {
      ...auditActor(auth),
      at: deps.clock(),
      ip,
      action: 'party.lookup',
      targetType: 'party',
      result: 'success',
      // what was searched by and how much was shown; never the number itself
      detail: { by, found: Math.min(items.length, KNOWN_PARTY_LIMIT) },
    });
    return { items: items.slice(0, KNOWN_PARTY_LIMIT), more };
  });
}

const KnownCaseSchema = Type.Object({
  id: Type.String(),
  caseNo: Type.String(),
  title: Type.String(),
  state: Type.String(),
  createdAt: Type.String(),
  partyRole: Type.String(),
});

/** GET /api/parties/known?phone=… | ?idNumber=… */
export async function knownPartiesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/parties/known',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Earlier cases of a party with this phone or ID number (one of the two), within the caller’s visibility; for the registration form; audited',
        querystring: Type.Object(
          {
            phone: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
            idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 18 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(KnownCaseSchema), more: Type.Boolean() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const qs = req.query as KnownPartyQuery;
      return findKnownParty(deps, auth, qs, requestMeta(req).ip);
    },
  );
}
