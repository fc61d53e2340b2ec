// Per-row validation of base-information imports (residents, houses, organizations): the same
// rules as the API's (ID-number checksum, phone format, credit-code checksum, a grid within the
// importer's scope), as plain values in and either a clean record or the reasons out. Duplicates
// (within the file, against the database) are the caller's: it knows the database.
import { isValidCreditCode, normalizeCreditCode } from '../base-info/credit-code.js';
import type { Gender, HouseUse, OrganizationKind, ResidenceStatus } from '../base-info/fields.js';
import {
  factsOfIdNumber,
  normalizeAddress,
  parseEthnicity,
  parseGender,
  parseHouseUse,
  parseOrganizationKind,
  parseResidenceStatus,
} from '../base-info/fields.js';
import { isValidIdNumber, isValidPhone, normalizeIdNumber, normalizePhone } from '../pii/validation.js';
import type { RegionLevel } from '../regions/region-code.js';
import type { BaseImportKind } from './columns.js';
import { COLUMNS } from './columns.js';
import type { RowProblem, RowResult } from './validate.js';

export interface BaseRowContext {
  /** the level of a known region code, or null when unknown */
  regionLevel(code: string): RegionLevel | null;
  /** whether the importer may import base information at this grid (policy and scope) */
  mayImportAt(code: string): boolean;
  /** the grid of rows that leave 所属网格 empty */
  defaultRegion: string | null;
}

export interface ResidentRow {
  regionCode: string;
  name: string;
  /** normal form */
  idNumber: string;
  gender: Gender;
  /** YYYY-MM-DD */
  birthDate: string;
  ethnicity: string | null;
  domicileCode: string | null;
  address: string | null;
  /** normal form */
  phone: string | null;
  residenceStatus: ResidenceStatus;
}

export interface HouseRow {
  regionCode: string;
  address: string;
  use: HouseUse;
  ownerName: string | null;
  ownerIdNumber: string | null;
  ownerPhone: string | null;
  occupants: number;
}

export interface OrganizationRow {
  regionCode: string;
  name: string;
  creditCode: string | null;
  kind: OrganizationKind;
  legalRepresentative: string | null;
  phone: string | null;
  address: string | null;
}

/** The value a row is recognized by (duplicates within the file and in the database), or ''. */
export function baseRowKey(kind: BaseImportKind, fields: Record<string, string>): string {
  switch (kind) {
    case 'residents':
      return fields.id_number ? normalizeIdNumber(fields.id_number) : '';
    case 'houses':
      return fields.address ? normalizeAddress(fields.address) : '';
    case 'organizations':
      return fields.credit_code ? normalizeCreditCode(fields.credit_code) : '';
  }
}

/** The column a row's key comes from. */
export const BASE_KEY_COLUMN: Record<BaseImportKind, string> = {
  residents: 'id_number',
  houses: 'address',
  organizations: 'credit_code',
};

function basicProblems(kind: BaseImportKind, fields: Record<string, string>): RowProblem[] {
  const out: RowProblem[] = [];
  for (const c of COLUMNS[kind]) {
    const v = fields[c.key];
    if (c.required && c.key !== 'region_code' && !v) out.push({ column: c.key, key: 'import.required' });
    if (v && [...v].length > c.max)
      out.push({ column: c.key, key: 'import.too_long', params: { max: c.max } });
  }
  return out;
}

function regionOf(fields: Record<string, string>, ctx: BaseRowContext, problems: RowProblem[]): string {
  const code = fields.region_code || ctx.defaultRegion || '';
  const column = 'region_code';
  if (!code) problems.push({ column, key: 'import.required' });
  else if (!/^\d{2,15}$/.test(code) || !ctx.regionLevel(code))
    problems.push({ column, key: 'import.unknown_region', params: { value: code } });
  else if (ctx.regionLevel(code) !== 'grid') problems.push({ column, key: 'import.not_grid' });
  else if (!ctx.mayImportAt(code))
    problems.push({ column, key: 'import.region_out_of_scope', params: { value: code } });
  return code;
}

function phoneOf(fields: Record<string, string>, column: string, problems: RowProblem[]): string | null {
  const v = fields[column];
  if (!v) return null;
  if (!isValidPhone(v)) problems.push({ column, key: 'import.bad_phone' });
  return normalizePhone(v);
}

function idNumberOf(fields: Record<string, string>, column: string, problems: RowProblem[]): string | null {
  const v = fields[column];
  if (!v) return null;
  if (!isValidIdNumber(v)) problems.push({ column, key: 'import.bad_id_number' });
  return normalizeIdNumber(v);
}

/** A coded cell read by `parse`; empty gives `fallback`. */
function coded<T>(
  fields: Record<string, string>,
  column: string,
  parse: (text: string) => T | null,
  fallback: T,
  problems: RowProblem[],
): T {
  const v = fields[column];
  if (!v) return fallback;
  const out = parse(v);
  if (out === null) problems.push({ column, key: 'import.not_allowed', params: { value: v } });
  return out ?? fallback;
}

/** A date as `1990-01-01`, `1990/1/1`, `19900101` or `1990年1月1日`, in normal form; null if not one. */
export function parseDay(text: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Checks a row of residents (人口). */
export function validateResidentRow(
  fields: Record<string, string>,
  ctx: BaseRowContext,
): RowResult<ResidentRow> {
  const problems = basicProblems('residents', fields);
  const f = (k: string) => fields[k] ?? '';
  const regionCode = regionOf(fields, ctx, problems);
  const idNumber = idNumberOf(fields, 'id_number', problems);
  const facts = idNumber ? factsOfIdNumber(idNumber) : null;
  const gender = coded(fields, 'gender', parseGender, facts?.gender ?? 'unknown', problems);
  if (facts && f('gender') && gender !== facts.gender && gender !== 'unknown')
    problems.push({ column: 'gender', key: 'import.id_mismatch' });
  let birthDate = facts?.birthDate ?? '';
  if (f('birth_date')) {
    const day = parseDay(f('birth_date'));
    if (!day) problems.push({ column: 'birth_date', key: 'import.bad_date' });
    else if (facts && day !== facts.birthDate)
      problems.push({ column: 'birth_date', key: 'import.id_mismatch' });
    birthDate = day ?? birthDate;
  }
  const ethnicity = coded(fields, 'ethnicity', parseEthnicity, null, problems);
  const domicileCode = f('domicile_code') || null;
  if (domicileCode && !/^\d{6,12}$/.test(domicileCode))
    problems.push({ column: 'domicile_code', key: 'import.not_allowed', params: { value: domicileCode } });
  const phone = phoneOf(fields, 'phone', problems);
  const residenceStatus = coded(fields, 'residence_status', parseResidenceStatus, 'consistent', problems);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      regionCode,
      name: f('name'),
      idNumber: idNumber!,
      gender,
      birthDate,
      ethnicity,
      domicileCode,
      address: f('address') || null,
      phone,
      residenceStatus,
    },
  };
}

/** Checks a row of houses (房屋). */
export function validateHouseRow(fields: Record<string, string>, ctx: BaseRowContext): RowResult<HouseRow> {
  const problems = basicProblems('houses', fields);
  const f = (k: string) => fields[k] ?? '';
  const regionCode = regionOf(fields, ctx, problems);
  const use = coded(fields, 'use', parseHouseUse, 'residential', problems);
  const ownerIdNumber = idNumberOf(fields, 'owner_id_number', problems);
  const ownerPhone = phoneOf(fields, 'owner_phone', problems);
  let occupants = 0;
  if (f('occupants')) {
    if (!/^\d{1,6}$/.test(f('occupants'))) problems.push({ column: 'occupants', key: 'import.bad_count' });
    else occupants = Number(f('occupants'));
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      regionCode,
      address: f('address'),
      use,
      ownerName: f('owner_name') || null,
      ownerIdNumber,
      ownerPhone,
      occupants,
    },
  };
}

/** Checks a row of businesses and organizations (单位). */
export function validateOrganizationRow(
  fields: Record<string, string>,
  ctx: BaseRowContext,
): RowResult<OrganizationRow> {
  const problems = basicProblems('organizations', fields);
  const f = (k: string) => fields[k] ?? '';
  const regionCode = regionOf(fields, ctx, problems);
  const creditCode = f('credit_code') ? normalizeCreditCode(f('credit_code')) : null;
  if (creditCode && !isValidCreditCode(creditCode))
    problems.push({ column: 'credit_code', key: 'import.bad_credit_code' });
  const kind = coded(fields, 'kind', parseOrganizationKind, 'enterprise', problems);
  const phone = phoneOf(fields, 'phone', problems);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      regionCode,
      name: f('name'),
      creditCode,
      kind,
      legalRepresentative: f('legal_representative') || null,
      phone,
      address: f('address') || null,
    },
  };
}
