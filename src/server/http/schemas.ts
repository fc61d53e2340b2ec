import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';

/** The body of every error answer: a stable code and a message in the request's language. */
export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});

export const Uuid = Type.String({ format: 'uuid' });
/** `:id` path parameters */
export const IdParams = Type.Object({ id: Uuid });
/** The `:id` of a route whose params are IdParams. */
export const idOf = (req: FastifyRequest): string => (req.params as { id: string }).id;
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A union of string literals whose static type stays the literal union (TypeBox's Union loses it). */
export const StringEnum = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
