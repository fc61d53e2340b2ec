import type { WorkflowError } from '../../../core/workflow/workflow.js';
import { HttpError } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';

/** Maps the workflow's typed refusals to HTTP: no right 403, wrong moment 409, bad command 422. */
export function workflowError(e: WorkflowError): HttpError {
  switch (e.code) {
    case 'forbidden':
      return new HttpError(403, e.messageKey, {}, 'forbidden');
    case 'invalid_state':
      return new HttpError(409, e.messageKey, {}, 'invalid_state');
    case 'invalid_command':
      return new HttpError(422, e.messageKey, {}, 'invalid_command');
  }
}

/** The actor fields of an audit record. */
export function auditActor(auth: AuthContext) {
  return auth.kind === 'staff'
    ? { actorId: auth.user.id, actorRole: auth.user.role, actorLabel: auth.user.username }
    : { actorId: null, actorRole: 'resident', actorLabel: 'resident' };
}
