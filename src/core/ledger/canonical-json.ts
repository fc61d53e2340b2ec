// RFC 8785 JSON Canonicalization Scheme (JCS). Written here rather than taken from the npm package
// `canonicalize` because that one is CommonJS typed as an ES default export (not callable under
// NodeNext), and silently accepts lone surrogates and drops non-JSON values, where a ledger should
// refuse them: what is hashed must be exactly what is stored.

/** Thrown for a value that has no RFC 8785 form (NaN, Infinity, bigint, a lone surrogate …). */
export class CanonicalJsonError extends TypeError {
  override name = 'CanonicalJsonError';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string literal: ECMAScript JSON.stringify escaping is exactly RFC 8785 §3.2.2.2 for well-formed text. */
function serializeString(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) throw new CanonicalJsonError(`lone surrogate in string at ${path}`);
  return JSON.stringify(s);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return serializeString(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // ECMAScript Number::toString is RFC 8785's number format (§3.2.2.3); -0 becomes "0".
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} at ${path} is not JSON`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        // Like JSON.stringify (and so like the jsonb copy), an undefined element or a hole is null.
        const items = Array.from(value, (v: unknown, i) =>
          v === undefined ? 'null' : serialize(v, `${path}[${i}]`),
        );
        return `[${items.join(',')}]`;
      }
      return serializeObject(value, path);
    default:
      throw new CanonicalJsonError(`${typeof value} at ${path} is not JSON`);
  }
}

function serializeObject(value: object, path: string): string {
  const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return serialize(toJSON.call(value), path);
  if (!isPlainObject(value)) {
    throw new CanonicalJsonError(`${value.constructor?.name ?? 'object'} at ${path} is not plain JSON`);
  }
  // Keys sorted by UTF-16 code units (§3.2.3), which is what the default sort compares.
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    // Like JSON.stringify, an undefined property is absent (an optional field left out).
    if (member === undefined) continue;
    members.push(`${serializeString(key, path)}:${serialize(member, `${path}.${key}`)}`);
  }
  return `{${members.join(',')}}`;
}

/**
 * The RFC 8785 canonical JSON text of a value: sorted keys, no whitespace, ECMAScript number and
 * string forms. Undefined object members are left out; non-JSON values throw {@link CanonicalJsonError}.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$');
}
