// The base-information forms as data: which fields each kind has (GB/T 31000-2015 where it defines
// them), their checks (ID-number checksum, phone format, credit-code checksum, a grid as the place)
// and the request bodies — a create sends what was filled in, an edit only what changed, and a
// personal field only when retyped (the form never holds its clear value).
import {
  ETHNICITIES,
  GENDERS,
  HOUSE_USES,
  KEY_GROUPS,
  ORGANIZATION_KINDS,
  RESIDENCE_STATUSES,
  factsOfIdNumber,
} from '../../../../src/core/base-info/fields';
import { isValidCreditCode, normalizeCreditCode } from '../../../../src/core/base-info/credit-code';
import {
  isValidIdNumber,
  isValidPhone,
  normalizeIdNumber,
  normalizePhone,
} from '../../../../src/core/pii/validation';
import type { BaseKind } from './base-api';

export { KEY_GROUPS };

export type FieldType =
  | 'region'
  | 'text'
  | 'textarea'
  | 'idNumber'
  | 'phone'
  | 'creditCode'
  | 'select'
  | 'date'
  | 'number'
  | 'domicile';

export interface FieldDef {
  name: string;
  type: FieldType;
  required?: boolean;
  /** personal data: masked when read; an edit leaves it unchanged unless retyped */
  personal?: boolean;
  /** select options: codes, labelled through `base.option.<optionsOf>.<code>` */
  options?: readonly string[];
  optionsOf?: string;
  max?: number;
}

const REGION: FieldDef = { name: 'regionCode', type: 'region', required: true };

export const FIELDS: Record<BaseKind, readonly FieldDef[]> = {
  residents: [
    REGION,
    { name: 'name', type: 'text', required: true, max: 50 },
    { name: 'idNumber', type: 'idNumber', required: true, personal: true },
    { name: 'gender', type: 'select', options: GENDERS, optionsOf: 'gender' },
    { name: 'birthDate', type: 'date' },
    { name: 'ethnicity', type: 'select', options: Object.keys(ETHNICITIES), optionsOf: 'ethnicity' },
    { name: 'domicileCode', type: 'domicile' },
    { name: 'address', type: 'text', personal: true, max: 200 },
    { name: 'phone', type: 'phone', personal: true },
    {
      name: 'residenceStatus',
      type: 'select',
      required: true,
      options: RESIDENCE_STATUSES,
      optionsOf: 'residenceStatus',
    },
  ],
  houses: [
    REGION,
    { name: 'address', type: 'text', required: true, personal: true, max: 200 },
    { name: 'use', type: 'select', required: true, options: HOUSE_USES, optionsOf: 'use' },
    { name: 'ownerName', type: 'text', max: 50 },
    { name: 'ownerIdNumber', type: 'idNumber', personal: true },
    { name: 'ownerPhone', type: 'phone', personal: true },
    { name: 'occupants', type: 'number' },
    { name: 'note', type: 'textarea', max: 500 },
  ],
  organizations: [
    REGION,
    { name: 'name', type: 'text', required: true, max: 100 },
    { name: 'creditCode', type: 'creditCode' },
    { name: 'kind', type: 'select', required: true, options: ORGANIZATION_KINDS, optionsOf: 'orgKind' },
    { name: 'legalRepresentative', type: 'text', max: 50 },
    { name: 'phone', type: 'phone', personal: true },
    { name: 'address', type: 'text', personal: true, max: 200 },
  ],
};

export type FieldError =
  | 'required'
  | 'gridRequired'
  | 'idNumberInvalid'
  | 'phoneInvalid'
  | 'creditCodeInvalid'
  | 'domicileInvalid'
  | 'numberInvalid';

export type FormValues = Record<string, unknown>;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * The problem of one field's value, or null. `editing`: a personal field may stay empty (unchanged).
 */
export function fieldError(def: FieldDef, value: unknown, editing = false): FieldError | null {
  if (blank(value)) return def.required && !(editing && def.personal) ? 'required' : null;
  const text = typeof value === 'string' ? value.trim() : String(value);
  switch (def.type) {
    case 'region':
      return /^\d{15}$/.test(text) ? null : 'gridRequired';
    case 'idNumber':
      return isValidIdNumber(text) ? null : 'idNumberInvalid';
    case 'phone':
      return isValidPhone(normalizePhone(text)) ? null : 'phoneInvalid';
    case 'creditCode':
      return isValidCreditCode(normalizeCreditCode(text)) ? null : 'creditCodeInvalid';
    case 'domicile':
      return /^\d{6,12}$/.test(text) ? null : 'domicileInvalid';
    case 'number':
      return Number.isInteger(Number(value)) && Number(value) >= 0 ? null : 'numberInvalid';
    default:
      return null;
  }
}

/** Every problem of a form, by field name. */
export function formErrors(kind: BaseKind, values: FormValues, editing = false): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  for (const def of FIELDS[kind]) {
    const e = fieldError(def, values[def.name], editing);
    if (e) out[def.name] = e;
  }
  return out;
}

/** A field's value as the API takes it: trimmed, ID numbers and phones in their normal form. */
function wire(def: FieldDef, value: unknown): unknown {
  if (def.type === 'number') return Number(value);
  const text = String(value).trim();
  if (def.type === 'idNumber') return normalizeIdNumber(text);
  if (def.type === 'phone') return normalizePhone(text);
  if (def.type === 'creditCode') return normalizeCreditCode(text);
  return text;
}

/** The body of a create: every filled-in field. */
export function createBody(kind: BaseKind, values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const def of FIELDS[kind]) {
    const v = values[def.name];
    if (!blank(v)) body[def.name] = wire(def, v);
  }
  return body;
}

/**
 * The body of an edit: the fields whose value differs from the record's; personal fields only when
 * retyped; a cleared optional field is sent as null.
 */
export function patchBody(
  kind: BaseKind,
  values: FormValues,
  original: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const def of FIELDS[kind]) {
    const v = values[def.name];
    if (def.personal) {
      if (!blank(v)) body[def.name] = wire(def, v);
      continue;
    }
    const before = original[def.name];
    if (blank(v)) {
      if (!blank(before) && !def.required) body[def.name] = null;
      continue;
    }
    const next = wire(def, v);
    if (next !== before) body[def.name] = next;
  }
  return body;
}

/** The form's starting values of an edit: the record's plain fields, personal fields empty. */
export function editValues(kind: BaseKind, record: Record<string, unknown>): FormValues {
  return Object.fromEntries(
    FIELDS[kind].filter((d) => !d.personal).map((d) => [d.name, record[d.name] ?? undefined]),
  );
}

/** Gender and birth date as a (valid) ID number says, to fill in what is still empty. */
export function factsToFill(values: FormValues): FormValues {
  const id = values.idNumber;
  if (typeof id !== 'string' || !isValidIdNumber(id.trim())) return {};
  const facts = factsOfIdNumber(id.trim());
  if (!facts) return {};
  const out: FormValues = {};
  if (blank(values.gender)) out.gender = facts.gender;
  if (blank(values.birthDate)) out.birthDate = facts.birthDate;
  return out;
}

/**
 * What the search box holds: a valid ID number or phone searches exactly (the server's blind index);
 * anything else is a name prefix. Returns the normal form to send.
 */
export function searchTerm(text: string): string {
  const s = text.trim();
  if (isValidIdNumber(s)) return normalizeIdNumber(s);
  const phone = normalizePhone(s);
  if (isValidPhone(phone)) return phone;
  return s;
}
