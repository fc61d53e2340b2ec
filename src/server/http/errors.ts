/**
 * An error meant for the client: an HTTP status and a message key of the i18n catalogue, so the
 * clerk reads it in the request's language.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
    /** a stable machine-readable code for clients */
    readonly code: string = messageKey,
  ) {
    super(messageKey);
  }
}

export const badRequest = (key: string, params?: Record<string, string | number>) =>
  new HttpError(400, key, params);
export const unauthorized = (key = 'auth.required') => new HttpError(401, key);
export const forbidden = (key = 'auth.forbidden') => new HttpError(403, key);
/** Also used when something exists but is outside the caller's scope: existence must not leak. */
export const notFound = (key = 'common.not_found') => new HttpError(404, key);
export const conflict = (key: string, params?: Record<string, string | number>) =>
  new HttpError(409, key, params);
export const unprocessable = (key: string, params?: Record<string, string | number>) =>
  new HttpError(422, key, params);
