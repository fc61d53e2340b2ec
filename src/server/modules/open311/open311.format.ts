// GeoReport v2's two formats: XML (the one the spec requires) and JSON, from one value. Lists are
// a root element with one child per item (<services><service>…); errors are [{code, description}].
import type { FastifyReply } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';
import { HttpError } from '../../http/errors.js';

export type Format = 'json' | 'xml';

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false });

// Characters XML 1.0 cannot carry at all: dropped rather than producing a document no client parses.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

type Plain = unknown;

function clean(value: Plain): Plain {
  if (typeof value === 'string') return value.replace(XML_INVALID, '');
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, clean(v)]),
    );
  }
  return value;
}

/** An XML document with the declaration the spec asks for. */
export function toXml(root: string, value: Plain): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: clean(value) })}`;
}

/** Sends a list: JSON an array, XML <root><item>…</item>…</root>. */
export function sendList(
  reply: FastifyReply,
  format: Format,
  root: string,
  item: string,
  items: Plain[],
  status = 200,
) {
  reply.status(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(items));
  return reply.type('text/xml; charset=utf-8').send(toXml(root, { [item]: items }));
}

/** Sends one object: JSON as is, XML under `root`. */
export function sendObject(reply: FastifyReply, format: Format, root: string, value: Record<string, Plain>) {
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
  return reply.type('text/xml; charset=utf-8').send(toXml(root, value));
}

/** A refusal in GeoReport's shape; the message key is translated to the request's language. */
export class Open311Error extends HttpError {}

export const open311Error = (status: number, key: string, params?: Record<string, string | number>) =>
  new Open311Error(status, key, params);

/** The format a URL asks for: `….xml` → XML, anything else JSON. */
export function formatOfUrl(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return path.endsWith('.xml') ? 'xml' : 'json';
}

/** Splits `name.json` / `name.xml`; null when the suffix is neither. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1]!, format: m[2] as Format } : null;
}
