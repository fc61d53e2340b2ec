// Per-row validation of the imports: what one row of each kind must hold, as plain values in and
// either a clean record or the reasons (message keys with the column) out. Lookups that need the
// database (categories, regions, units) come in through the context.
import { isValidIdNumber, isValidPhone, normalizeIdNumber } from '../pii/validation.js';
import type { RegionLevel } from '../regions/region-code.js';
import type { RiskLevel, StaffRole } from '../workflow/case-model.js';
import { STAFF_ROLES } from '../workflow/case-model.js';
import type { AccountShapeProblem, ScopeFacts, UnitFacts, UnitKind } from '../organization/account-shape.js';
import { checkAccountShape, isAdminRole, scopeFromUnit } from '../organization/account-shape.js';
import type { UnitShapeProblem } from '../organization/unit-shape.js';
import { checkUnitShape } from '../organization/unit-shape.js';
import type { ImportKind } from './columns.js';
import { COLUMNS } from './columns.js';

/** One reason a row is refused: the column (field key), a message key and its parameters. */
export interface RowProblem {
  column: string;
  key: string;
  params?: Record<string, string | number>;
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; problems: RowProblem[] };

/** A hotline work order ready for registration (channel 'hotline'). */
export interface CaseRow {
  externalNo: string;
  receivedAt: Date | null;
  categoryCode: string;
  regionCode: string;
  title?: string;
  description: string;
  address?: string;
  riskLevel?: RiskLevel;
  parties: {
    role: 'applicant' | 'respondent';
    name: string;
    phone?: string;
    idNumber?: string;
  }[];
}

export interface CaseRowContext {
  /** the category code for a code or a name (either language), or null */
  categoryCode(text: string): string | null;
  /** the level of a known region code, or null when unknown */
  regionLevel(code: string): RegionLevel | null;
  /** whether the importer may register a case at this place (policy and scope) */
  mayRegisterAt(code: string): boolean;
  /** whether a center takes cases registered at this place */
  hasCenterFor(code: string): boolean;
  /** the region of rows that leave 区划代码 empty */
  defaultRegion: string | null;
}

const RISK: Record<string, RiskLevel> = {
  red: 'red',
  orange: 'orange',
  yellow: 'yellow',
  blue: 'blue',
  红: 'red',
  橙: 'orange',
  黄: 'yellow',
  蓝: 'blue',
  红色: 'red',
  橙色: 'orange',
  黄色: 'yellow',
  蓝色: 'blue',
};

/** A map's own entry only (a cell saying "constructor" must not find Object's). */
function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

const CST_OFFSET_MS = 8 * 3600_000;

function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/**
 * A date-time as staff write it, read as China Standard Time: `2026-03-15 09:30`, `2026/3/15 9:30:05`,
 * `2026年3月15日 09:30`, a bare date (midnight), or ISO 8601 with a zone. Null when not a real instant.
 */
export function parseChinaDateTime(text: string): Date | null {
  const s = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})$/.exec(s);
  if (iso) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isRealDate(y, mo, d) || h > 23 || mi > 59 || se > 59) return null;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, se) - CST_OFFSET_MS);
}

/** Length limits of the kind's template, checked for every filled field. */
function lengthProblems(kind: ImportKind, fields: Record<string, string>): RowProblem[] {
  const out: RowProblem[] = [];
  for (const c of COLUMNS[kind]) {
    const v = fields[c.key];
    if (v && [...v].length > c.max)
      out.push({ column: c.key, key: 'import.too_long', params: { max: c.max } });
  }
  return out;
}

function requiredProblems(kind: ImportKind, fields: Record<string, string>, except: string[] = []) {
  return COLUMNS[kind]
    .filter((c) => c.required && !except.includes(c.key) && !fields[c.key])
    .map((c): RowProblem => ({ column: c.key, key: 'import.required' }));
}

/** Checks a row of hotline work orders. */
export function validateCaseRow(fields: Record<string, string>, ctx: CaseRowContext): RowResult<CaseRow> {
  const problems = [
    ...requiredProblems('cases', fields, ['region_code']),
    ...lengthProblems('cases', fields),
  ];
  const f = (k: string) => fields[k] ?? '';

  let receivedAt: Date | null = null;
  if (f('received_at')) {
    receivedAt = parseChinaDateTime(f('received_at'));
    if (!receivedAt) problems.push({ column: 'received_at', key: 'import.bad_datetime' });
  }
  for (const column of ['phone', 'respondent_phone']) {
    if (f(column) && !isValidPhone(f(column))) problems.push({ column, key: 'import.bad_phone' });
  }
  if (f('id_number') && !isValidIdNumber(f('id_number'))) {
    problems.push({ column: 'id_number', key: 'import.bad_id_number' });
  }
  if (f('respondent_phone') && !f('respondent_name')) {
    problems.push({ column: 'respondent_name', key: 'import.required' });
  }

  const categoryCode = f('category') ? ctx.categoryCode(f('category')) : null;
  if (f('category') && !categoryCode) {
    problems.push({ column: 'category', key: 'import.unknown_category', params: { value: f('category') } });
  }

  const regionCode = f('region_code') || ctx.defaultRegion || '';
  if (!regionCode) {
    problems.push({ column: 'region_code', key: 'import.required' });
  } else {
    const level = /^\d{2,15}$/.test(regionCode) ? ctx.regionLevel(regionCode) : null;
    if (!level) {
      problems.push({ column: 'region_code', key: 'import.unknown_region', params: { value: regionCode } });
    } else if (regionCode.length < 9) {
      problems.push({ column: 'region_code', key: 'import.region_too_high', params: { value: regionCode } });
    } else if (!ctx.mayRegisterAt(regionCode)) {
      problems.push({
        column: 'region_code',
        key: 'import.region_out_of_scope',
        params: { value: regionCode },
      });
    } else if (!ctx.hasCenterFor(regionCode)) {
      problems.push({ column: 'region_code', key: 'import.no_center', params: { value: regionCode } });
    }
  }

  let riskLevel: RiskLevel | undefined;
  if (f('risk_level')) {
    riskLevel = own(RISK, f('risk_level').toLowerCase());
    if (!riskLevel) {
      problems.push({ column: 'risk_level', key: 'import.not_allowed', params: { value: f('risk_level') } });
    }
  }
  if (problems.length) return { ok: false, problems };

  const parties: CaseRow['parties'] = [
    {
      role: 'applicant',
      name: f('applicant_name'),
      ...(f('phone') ? { phone: f('phone') } : {}),
      ...(f('id_number') ? { idNumber: normalizeIdNumber(f('id_number')) } : {}),
    },
  ];
  if (f('respondent_name')) {
    parties.push({
      role: 'respondent',
      name: f('respondent_name'),
      ...(f('respondent_phone') ? { phone: f('respondent_phone') } : {}),
    });
  }
  return {
    ok: true,
    value: {
      externalNo: f('external_no'),
      receivedAt,
      categoryCode: categoryCode!,
      regionCode,
      ...(f('title') ? { title: f('title') } : {}),
      description: f('description'),
      ...(f('address') ? { address: f('address') } : {}),
      ...(riskLevel ? { riskLevel } : {}),
      parties,
    },
  };
}

/** Role names as the template writes them. */
export const ROLE_NAMES_ZH: Record<StaffRole, string> = {
  grid_worker: '网格员',
  security_member: '治保员',
  clerk: '窗口受理员',
  dispatcher: '调度员',
  department_staff: '部门人员',
  mediator: '调解员',
  leader: '领导',
  supervisor: '督办员',
  sys_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
};

const ROLE_ALIASES: Record<string, StaffRole> = {
  受理员: 'clerk',
  中心主任: 'dispatcher',
  部门工作人员: 'department_staff',
  督办人员: 'supervisor',
};

/** The role code for a code or a Chinese role name, or null. */
export function roleOf(text: string): StaffRole | null {
  const t = text.trim();
  if ((STAFF_ROLES as readonly string[]).includes(t)) return t as StaffRole;
  const byName = (Object.entries(ROLE_NAMES_ZH) as [StaffRole, string][]).find(([, zh]) => zh === t);
  return byName?.[0] ?? own(ROLE_ALIASES, t) ?? null;
}

/** Unit kinds and region levels by name, for the shape messages. */
const KIND_NAMES: Record<UnitKind, Bilingual> = {
  center: { zh: '综治中心', en: 'center' },
  department: { zh: '部门', en: 'department' },
  mediation_org: { zh: '调解组织', en: 'mediation organization' },
  village_committee: { zh: '村（居）委会', en: 'village committee' },
};
const LEVEL_NAMES: Record<RegionLevel, Bilingual> = {
  province: { zh: '省', en: 'province' },
  city: { zh: '市', en: 'city' },
  county: { zh: '县（区）', en: 'county' },
  township: { zh: '乡镇（街道）', en: 'township' },
  village: { zh: '村（社区）', en: 'village' },
  grid: { zh: '网格', en: 'grid' },
};
interface Bilingual {
  zh: string;
  en: string;
}
/** A list in both languages as two parameters, `${name}_zh` and `${name}_en`. */
function listParams(name: string, items: readonly Bilingual[]): Record<string, string> {
  return {
    [`${name}_zh`]: items.map((i) => i.zh).join('、'),
    [`${name}_en`]: items.map((i) => i.en).join(', '),
  };
}

export interface UserRow {
  username: string;
  displayName: string;
  role: StaffRole;
  scopeCode: string;
  unitCode: string | null;
}

export interface UserRowContext {
  /** the scope node's facts, or null when the code is unknown */
  scope(code: string): ScopeFacts | null;
  /** the unit's facts, or null when the code is unknown */
  unit(code: string): UnitFacts | null;
}

export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
export const UNIT_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function accountProblem(p: AccountShapeProblem): RowProblem {
  switch (p.code) {
    case 'unit_required':
      return { column: 'unit_code', key: 'import.unit_required' };
    case 'unit_not_allowed':
      return { column: 'unit_code', key: 'import.unit_not_allowed' };
    case 'unit_kind':
      return {
        column: 'unit_code',
        key: 'import.unit_kind',
        params: listParams(
          'kinds',
          p.kinds.map((k) => KIND_NAMES[k]),
        ),
      };
    case 'unit_inactive':
      return { column: 'unit_code', key: 'import.unit_inactive' };
    case 'scope_not_unit_region':
      return { column: 'scope_code', key: 'import.scope_not_unit_region', params: { expected: p.expected } };
    case 'scope_not_grid_of_unit':
      return { column: 'scope_code', key: 'import.scope_not_grid', params: { village: p.village } };
  }
}

/**
 * Checks a row of staff accounts, by the same account rules as the console (account-shape.ts).
 * The scope may stay empty where it follows from the unit.
 */
export function validateUserRow(fields: Record<string, string>, ctx: UserRowContext): RowResult<UserRow> {
  const problems = [...requiredProblems('users', fields), ...lengthProblems('users', fields)];
  const f = (k: string) => fields[k] ?? '';
  if (f('username') && !USERNAME.test(f('username'))) {
    problems.push({ column: 'username', key: 'import.bad_code' });
  }
  const role = f('role') ? roleOf(f('role')) : null;
  if (f('role') && !role)
    problems.push({ column: 'role', key: 'import.not_allowed', params: { value: f('role') } });
  if (role && isAdminRole(role)) problems.push({ column: 'role', key: 'import.admin_role' });
  const unit = f('unit_code') ? ctx.unit(f('unit_code')) : null;
  if (f('unit_code') && !unit) {
    problems.push({ column: 'unit_code', key: 'import.unknown_unit', params: { value: f('unit_code') } });
  }
  const scopeCode = f('scope_code') || (role && unit ? (scopeFromUnit(role, unit) ?? '') : '');
  const scope = scopeCode ? ctx.scope(scopeCode) : null;
  if (!scopeCode && role && !isAdminRole(role) && (unit || !f('unit_code'))) {
    problems.push({ column: 'scope_code', key: 'import.required' });
  } else if (scopeCode && !scope) {
    problems.push({ column: 'scope_code', key: 'import.unknown_region', params: { value: scopeCode } });
  }
  if (role && !isAdminRole(role) && scope && (unit || !f('unit_code'))) {
    const shape = checkAccountShape(role, unit, scope);
    if (shape) problems.push(accountProblem(shape));
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      username: f('username'),
      displayName: f('display_name'),
      role: role!,
      scopeCode,
      unitCode: f('unit_code') || null,
    },
  };
}

export type UnitKindIn = 'center' | 'department' | 'village_committee';
export type MediationKindIn = 'people' | 'industry' | 'administrative' | 'judicial';
export type StationingIn = 'permanent' | 'rotation' | 'on_call';

const UNIT_KINDS: Record<string, UnitKindIn> = {
  center: 'center',
  department: 'department',
  village_committee: 'village_committee',
  综治中心: 'center',
  中心: 'center',
  部门: 'department',
  村居委会: 'village_committee',
  '村（居）委会': 'village_committee',
  村委会: 'village_committee',
  居委会: 'village_committee',
};
const MEDIATION_KINDS: Record<string, MediationKindIn> = {
  people: 'people',
  industry: 'industry',
  administrative: 'administrative',
  judicial: 'judicial',
  人民调解: 'people',
  行业性专业性调解: 'industry',
  行业调解: 'industry',
  专业调解: 'industry',
  行政调解: 'administrative',
  司法调解: 'judicial',
};
const STATIONING: Record<string, StationingIn> = {
  permanent: 'permanent',
  rotation: 'rotation',
  on_call: 'on_call',
  常驻: 'permanent',
  轮驻: 'rotation',
  随叫随驻: 'on_call',
};

export interface UnitRowOut {
  code: string;
  name: string;
  kind: UnitKindIn | 'mediation_org';
  regionCode: string;
  centerCode: string | null;
  departmentType: string | null;
  stationing: StationingIn | null;
  mediationKind: MediationKindIn | null;
}

export interface UnitRowContext {
  regionLevel(code: string): RegionLevel | null;
  /** a unit's facts by code (in the database or earlier in the file), or null */
  unit(code: string): UnitFacts | null;
  /** whether a center already sits at this region (one per region) */
  centerAt(regionCode: string): boolean;
}

const FIELD_COLUMNS = {
  center: 'center_code',
  departmentType: 'department_type',
  mediationKind: 'mediation_kind',
  stationing: 'stationing',
} as const;

function unitProblem(p: UnitShapeProblem, centerCode: string): RowProblem {
  switch (p.code) {
    case 'level':
      return {
        column: 'region_code',
        key: 'import.unit_level',
        params: listParams(
          'levels',
          p.levels.map((l) => LEVEL_NAMES[l]),
        ),
      };
    case 'field_required':
      return { column: FIELD_COLUMNS[p.field], key: 'import.required' };
    case 'field_not_allowed':
      return { column: FIELD_COLUMNS[p.field], key: 'import.field_not_allowed' };
    case 'center_not_center':
      return { column: 'center_code', key: 'import.unknown_center', params: { value: centerCode } };
    case 'center_inactive':
      return { column: 'center_code', key: 'import.center_inactive' };
    case 'center_out_of_region':
      return { column: 'center_code', key: 'import.center_out_of_region' };
  }
}

/**
 * Checks a row of units (kind 'units') or mediation organizations (kind 'mediation_orgs'), by the
 * same unit rules as the console (unit-shape.ts), plus one center per region.
 */
export function validateUnitRow(
  kind: 'units' | 'mediation_orgs',
  fields: Record<string, string>,
  ctx: UnitRowContext,
): RowResult<UnitRowOut> {
  const problems = [...requiredProblems(kind, fields), ...lengthProblems(kind, fields)];
  const f = (k: string) => fields[k] ?? '';
  if (f('code') && !UNIT_CODE.test(f('code'))) problems.push({ column: 'code', key: 'import.bad_code' });
  const level = f('region_code') ? ctx.regionLevel(f('region_code')) : null;
  if (f('region_code') && !level) {
    problems.push({
      column: 'region_code',
      key: 'import.unknown_region',
      params: { value: f('region_code') },
    });
  }
  const center = f('center_code') ? ctx.unit(f('center_code')) : null;
  if (f('center_code') && !center) {
    problems.push({
      column: 'center_code',
      key: 'import.unknown_center',
      params: { value: f('center_code') },
    });
  }
  let unitKind: UnitKindIn | 'mediation_org' | undefined =
    kind === 'mediation_orgs' ? 'mediation_org' : undefined;
  let mediationKind: MediationKindIn | null = null;
  let stationing: StationingIn | null = null;
  if (kind === 'units') {
    unitKind = f('kind') ? own(UNIT_KINDS, f('kind').toLowerCase()) : undefined;
    if (f('kind') && !unitKind)
      problems.push({ column: 'kind', key: 'import.not_allowed', params: { value: f('kind') } });
  } else if (f('mediation_kind')) {
    mediationKind = own(MEDIATION_KINDS, f('mediation_kind').toLowerCase()) ?? null;
    if (!mediationKind) {
      problems.push({
        column: 'mediation_kind',
        key: 'import.not_allowed',
        params: { value: f('mediation_kind') },
      });
    }
  }
  if (f('stationing')) {
    stationing = own(STATIONING, f('stationing').toLowerCase()) ?? null;
    if (!stationing)
      problems.push({ column: 'stationing', key: 'import.not_allowed', params: { value: f('stationing') } });
  }
  const departmentType = kind === 'units' ? f('department_type') || null : null;
  if (unitKind && level && problems.length === 0) {
    const shape = checkUnitShape({
      kind: unitKind,
      regionCode: f('region_code'),
      regionLevel: level,
      center,
      departmentType,
      mediationKind,
      stationing,
    });
    if (shape) problems.push(unitProblem(shape, f('center_code')));
    else if (unitKind === 'center' && ctx.centerAt(f('region_code'))) {
      problems.push({
        column: 'region_code',
        key: 'import.center_exists',
        params: { value: f('region_code') },
      });
    }
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      code: f('code'),
      name: f('name'),
      kind: unitKind!,
      regionCode: f('region_code'),
      centerCode: f('center_code') || null,
      departmentType,
      stationing,
      mediationKind,
    },
  };
}
