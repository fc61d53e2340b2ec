// Response shapes shared by the mediation routes.
import { Type } from '@sinclair/typebox';
import { JUDICIAL_STATES } from '../../../core/mediation/judicial.js';
import { TERM_STATUSES } from '../../../core/mediation/performance.js';
import { ErrorBody, Nullable, StringEnum } from '../../http/schemas.js';

export const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};

/** A term of an agreement tracked for performance (履行). */
export const Term = Type.Object({
  id: Type.String(),
  n: Type.Integer(),
  text: Type.String(),
  dueDay: Type.String(),
  status: StringEnum(TERM_STATUSES),
  light: StringEnum(['performed', 'breached', 'pending', 'due_soon', 'due_today', 'overdue'] as const),
  note: Nullable(Type.String()),
  statusAt: Nullable(Type.String()),
});

/** A referral for judicial confirmation (司法确认). */
export const Referral = Type.Object({
  id: Type.String(),
  courtUnitId: Type.String(),
  courtName: Type.String(),
  status: StringEnum(JUDICIAL_STATES),
  note: Nullable(Type.String()),
  rulingNo: Nullable(Type.String()),
  resultNote: Nullable(Type.String()),
  referredAt: Type.String(),
  decidedAt: Nullable(Type.String()),
});
