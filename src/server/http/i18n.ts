import type { FastifyRequest } from 'fastify';
import { MESSAGES } from './messages.js';

export type Lang = 'zh-CN' | 'en';

/** The request's language from Accept-Language: English when it prefers English, else Chinese. */
export function langOf(req: Pick<FastifyRequest, 'headers'>): Lang {
  const header = String(req.headers['accept-language'] ?? '');
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

/** Translates a message key, filling {name} placeholders; unknown keys fall back to the key itself. */
export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const template = MESSAGES[lang][key] ?? MESSAGES['zh-CN'][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

interface AjvError {
  instancePath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns JSON-schema validation errors into one sentence a clerk can read. */
export function describeValidation(lang: Lang, errors: readonly AjvError[], context: string): string {
  const parts = errors.slice(0, 3).map((e) => {
    const field =
      e.keyword === 'required'
        ? String(e.params.missingProperty)
        : (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || context;
    const p = e.params;
    switch (e.keyword) {
      case 'required':
        return t(lang, 'validation.required', { field });
      case 'type':
        return t(lang, 'validation.type', { field, type: String(p.type) });
      case 'maxLength':
        return t(lang, 'validation.max_length', { field, limit: Number(p.limit) });
      case 'minLength':
        return t(lang, 'validation.min_length', { field, limit: Number(p.limit) });
      case 'maximum':
        return t(lang, 'validation.maximum', { field, limit: Number(p.limit) });
      case 'minimum':
        return t(lang, 'validation.minimum', { field, limit: Number(p.limit) });
      case 'maxItems':
        return t(lang, 'validation.max_items', { field, limit: Number(p.limit) });
      case 'minItems':
        return t(lang, 'validation.min_items', { field, limit: Number(p.limit) });
      case 'additionalProperties':
        return t(lang, 'validation.unknown_field', { field: String(p.additionalProperty) });
      case 'enum':
      case 'const':
      case 'anyOf':
      case 'oneOf':
        return t(lang, 'validation.not_allowed', { field });
      case 'format':
      case 'pattern':
        return t(lang, 'validation.format', { field });
      default:
        return t(lang, 'validation.invalid', { field });
    }
  });
  // a union (anyOf of literals) fails once per branch at the same place: say it once
  return [...new Set(parts)].join(lang === 'en' ? '; ' : '；');
}
