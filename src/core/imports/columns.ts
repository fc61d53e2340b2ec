// The column templates of the imports (docs/import.md): each kind's columns with a Chinese header,
// English aliases and whether a row must fill it. Files may use either name; order is free.

export const IMPORT_KINDS = [
  'cases',
  'users',
  'units',
  'mediation_orgs',
  'residents',
  'houses',
  'organizations',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_MODES = ['all_or_nothing', 'skip_bad'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export interface ColumnSpec {
  /** the field name, also the English header */
  key: string;
  /** the Chinese header of the template */
  zh: string;
  /** other accepted headers (compared after normalizing) */
  aliases: readonly string[];
  /** a row must fill it (region_code of cases may come from a default instead) */
  required: boolean;
  /** at most this many characters */
  max: number;
  /** the template's example value */
  example: string;
  /** what goes there */
  note: { zh: string; en: string };
}

const col = (
  key: string,
  zh: string,
  aliases: readonly string[],
  required: boolean,
  max: number,
  example: string,
  note: { zh: string; en: string },
): ColumnSpec => ({ key, zh, aliases, required, max, example, note });

/** The kinds of base information (基础信息), GB/T 31000-2015 fields. */
export const BASE_IMPORT_KINDS = ['residents', 'houses', 'organizations'] as const;
export type BaseImportKind = (typeof BASE_IMPORT_KINDS)[number];
export const isBaseImportKind = (kind: ImportKind): kind is BaseImportKind =>
  (BASE_IMPORT_KINDS as readonly string[]).includes(kind);

const GRID_COLUMN = col(
  'region_code',
  '所属网格',
  ['网格代码', '网格', '区划代码'],
  true,
  15,
  '371403105200001',
  {
    zh: '网格的区划代码（村、社区代码后加 3 位）；网格员可空，默认本人网格',
    en: 'code of the grid (village code plus 3 digits); grid workers may leave it empty for their own grid',
  },
);

export const COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  cases: [
    col('external_no', '工单编号', ['工单号', 'work_order_no', 'order_no'], true, 64, 'RX2026031500001', {
      zh: '热线或来源系统的工单编号，同一来源内唯一；重复导入按此识别',
      en: 'work-order number of the hotline or source system, unique per source; re-imports are recognized by it',
    }),
    col('received_at', '来电时间', ['受理时间', 'call_time'], false, 40, '2026-03-15 09:30', {
      zh: '北京时间，如 2026-03-15 09:30',
      en: 'China Standard Time, e.g. 2026-03-15 09:30',
    }),
    col('applicant_name', '诉求人', ['申请人', '来电人', 'applicant'], true, 100, '张三', {
      zh: '申请人姓名',
      en: 'name of the applicant',
    }),
    col('phone', '电话', ['联系电话', '手机', '手机号'], false, 30, '13812345678', {
      zh: '手机或带区号的固定电话',
      en: 'mobile or landline with area code',
    }),
    col('id_number', '身份证号', ['证件号码', '身份证'], false, 18, '', {
      zh: '18 位居民身份证号（单元格设为文本）',
      en: '18-character resident ID number (format the cell as text)',
    }),
    col('description', '诉求内容', ['内容', '诉求'], true, 4000, '邻居在楼道堆放杂物，影响通行。', {
      zh: '诉求或纠纷的经过',
      en: 'what the request or dispute is about',
    }),
    col('title', '标题', [], false, 100, '', {
      zh: '可空，默认取诉求内容前 30 字',
      en: 'optional; defaults to the first 30 characters of the description',
    }),
    col('address', '地址', ['详细地址'], false, 200, '', {
      zh: '详细地址（加密保存，不公开）',
      en: 'street address (stored encrypted, never published)',
    }),
    col('region_code', '区划代码', ['区划', '地区代码'], true, 15, '371403105200', {
      zh: '乡镇（街道）、村（社区）或网格的统计区划代码；可用导入参数给出默认值',
      en: 'statistical code of the township, village or grid; a default may be given with the import',
    }),
    col('category', '类别', ['诉求类别', '纠纷类别', 'category_code'], true, 40, '邻里纠纷', {
      zh: '纠纷类别的名称或代码',
      en: 'name or code of the dispute category',
    }),
    col('respondent_name', '被申请人', ['对方当事人', 'respondent'], false, 100, '', {
      zh: '可空',
      en: 'optional',
    }),
    col('respondent_phone', '被申请人电话', [], false, 30, '', { zh: '可空', en: 'optional' }),
    col('risk_level', '风险等级', ['risk'], false, 10, '', {
      zh: '红、橙、黄、蓝（默认蓝）',
      en: 'red, orange, yellow, blue (default blue)',
    }),
  ],
  users: [
    col('username', '用户名', ['账号', '登录名'], true, 64, 'clerk.example', {
      zh: '登录名：字母、数字、点、横线、下划线',
      en: 'log-in name: letters, digits, dot, dash, underscore',
    }),
    col('display_name', '姓名', ['name'], true, 50, '王五', { zh: '姓名', en: 'full name' }),
    col('role', '角色', [], true, 40, '窗口受理员', {
      zh: '角色名称或代码（不含三类管理员）',
      en: 'role name or code (not the three administrator roles)',
    }),
    col('scope_code', '管辖区划', ['范围区划', '区划代码', 'scope'], false, 15, '371403105', {
      zh: '数据范围的区划代码；可空时取所在单位的区划，网格员、治保员须填本村的网格',
      en: 'region code of the data scope; empty means the unit’s region; grid workers and security members need a grid of their village',
    }),
    col('unit_code', '单位编码', ['unit'], false, 64, '371403105-center', {
      zh: '所在单位的编码：中心的人员填综治中心，部门人员填部门，调解员填调解组织或村（居）委会，网格员、治保员填村（居）委会',
      en: 'code of the unit: center staff a center, department staff a department, mediators a mediation organization or village committee, grid workers and security members a village committee',
    }),
  ],
  units: [
    col('code', '单位编码', ['unit_code'], true, 64, '371403105-housing', {
      zh: '全市唯一的单位编码',
      en: 'unit code, unique',
    }),
    col('name', '单位名称', [], true, 100, '神头镇住建办', { zh: '单位名称', en: 'unit name' }),
    col('kind', '单位类型', ['类型', 'type'], true, 20, '部门', {
      zh: '综治中心、部门或村（居）委会',
      en: 'center, department or village_committee',
    }),
    col('region_code', '区划代码', ['区划'], true, 15, '371403105', {
      zh: '单位所在区划的代码',
      en: 'region code where the unit sits',
    }),
    col('center_code', '所属中心编码', ['中心编码'], false, 64, '371403105-center', {
      zh: '部门入驻的综治中心的单位编码（部门必填，须为本级或上级中心）',
      en: 'unit code of the center a department is stationed at (required for departments; at its region or above)',
    }),
    col('department_type', '部门类别', [], false, 20, '住建', {
      zh: '部门必填：公安、法院、司法、信访、住建、人社……',
      en: 'required for departments: 公安, 法院, 司法, 信访, 住建, 人社 …',
    }),
    col('stationing', '入驻方式', [], false, 20, '轮驻', {
      zh: '部门必填：常驻、轮驻或随叫随驻',
      en: 'required for departments: permanent, rotation or on_call',
    }),
  ],
  mediation_orgs: [
    col('code', '组织编码', ['单位编码', 'unit_code'], true, 64, '371403105-people-mediation-2', {
      zh: '全市唯一的组织编码',
      en: 'organization code, unique',
    }),
    col('name', '组织名称', ['单位名称'], true, 100, '神头镇第二人民调解委员会', {
      zh: '调解组织名称',
      en: 'name of the mediation organization',
    }),
    col('mediation_kind', '调解类型', ['类型', 'kind'], true, 20, '人民调解', {
      zh: '人民调解、行业性专业性调解、行政调解或司法调解',
      en: 'people, industry, administrative or judicial',
    }),
    col('region_code', '区划代码', ['区划'], true, 15, '371403105', {
      zh: '组织所在区划的代码',
      en: 'region code where the organization sits',
    }),
    col('center_code', '所属中心编码', ['中心编码'], false, 64, '371403105-center', {
      zh: '对接的综治中心的单位编码',
      en: 'unit code of the center it works with',
    }),
  ],
  residents: [
    col('name', '姓名', [], true, 50, '张三', { zh: '姓名', en: 'full name' }),
    col('id_number', '公民身份号码', ['身份证号', '身份证号码', '证件号码'], true, 18, '371403199001011235', {
      zh: '18 位居民身份证号（单元格设为文本），用于查重',
      en: '18-character resident ID number (format the cell as text); duplicates are refused',
    }),
    col('gender', '性别', [], false, 4, '男', {
      zh: '男或女；可空，取身份证号所示',
      en: 'male or female; empty means as the ID number says',
    }),
    col('ethnicity', '民族', [], false, 12, '汉族', { zh: '如 汉族、回族', en: 'e.g. 汉族 (Han)' }),
    col('birth_date', '出生日期', [], false, 12, '1990-01-01', {
      zh: '可空，取身份证号所示；填写时须与之相符',
      en: 'optional (the ID number says it); must match it when given',
    }),
    col('domicile_code', '户籍地', ['户籍地代码'], false, 12, '371403', {
      zh: '户籍地的区划代码（区县到村一级）',
      en: 'region code of the household registration (county to village)',
    }),
    col('address', '现住址', ['居住地址', '住址'], false, 200, '陵城区神头镇某村 12 号', {
      zh: '详细地址（加密保存）',
      en: 'street address (stored encrypted)',
    }),
    col('phone', '联系方式', ['联系电话', '手机', '手机号', '电话'], false, 30, '13812345678', {
      zh: '手机或带区号的固定电话（加密保存）',
      en: 'mobile or landline with area code (stored encrypted)',
    }),
    col('residence_status', '人户状态', [], false, 10, '人户一致', {
      zh: '人户一致、人在户不在或户在人不在（默认人户一致）',
      en: '人户一致 (same), 人在户不在 (lives here, registered elsewhere) or 户在人不在 (default: same)',
    }),
    GRID_COLUMN,
  ],
  houses: [
    col('address', '房屋地址', ['地址'], true, 200, '陵城区神头镇某村 12 号', {
      zh: '详细地址（加密保存），用于查重',
      en: 'street address (stored encrypted); duplicates are refused',
    }),
    col('use', '房屋用途', ['用途'], false, 10, '住宅', {
      zh: '住宅、商业、办公、工业、仓储、商住两用或其他（默认住宅）',
      en: 'residential, commercial, office, industrial, warehouse, mixed or other (default residential)',
    }),
    col('owner_name', '产权人', ['房主', '产权人姓名'], false, 50, '张三', { zh: '产权人姓名', en: 'owner' }),
    col('owner_id_number', '产权人证件号码', ['产权人身份证号'], false, 18, '', {
      zh: '产权人的 18 位身份证号',
      en: 'ID number of the owner',
    }),
    col('owner_phone', '产权人联系方式', ['产权人电话'], false, 30, '', {
      zh: '产权人的电话',
      en: 'phone of the owner',
    }),
    col('occupants', '居住人数', [], false, 6, '3', {
      zh: '不小于 0 的整数',
      en: 'a whole number, 0 or more',
    }),
    GRID_COLUMN,
  ],
  organizations: [
    col('name', '单位名称', ['名称'], true, 100, '德州某某机械有限公司', { zh: '单位名称', en: 'name' }),
    col('credit_code', '统一社会信用代码', ['信用代码'], false, 18, '', {
      zh: '18 位统一社会信用代码，用于查重',
      en: '18-character unified social credit code; duplicates are refused',
    }),
    col('kind', '单位类型', ['类型'], false, 10, '企业', {
      zh: '企业、个体工商户、事业单位、机关、社会组织或其他（默认企业）',
      en: 'enterprise, individual business, public institution, government, social organization or other',
    }),
    col('legal_representative', '法定代表人', ['负责人'], false, 50, '李四', {
      zh: '法定代表人或负责人姓名',
      en: 'legal representative or person in charge',
    }),
    col('phone', '联系电话', ['电话', '联系方式'], false, 30, '0534-2345678', {
      zh: '手机或带区号的固定电话（加密保存）',
      en: 'mobile or landline with area code (stored encrypted)',
    }),
    col('address', '单位地址', ['地址'], false, 200, '', {
      zh: '详细地址（加密保存）',
      en: 'street address (stored encrypted)',
    }),
    GRID_COLUMN,
  ],
};

/** Header text compared loosely: case, spaces, a required-marker star and bracketed notes ignored. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[（(【[].*?[）)】\]]/g, '')
    .replace(/[\s*＊_-]/g, '')
    .toLowerCase();
}

export interface HeaderMapping {
  /** column index in the file → field key */
  byIndex: Map<number, string>;
  /** field key → the header as written in the file (reports name the column as the user sees it) */
  headerOf: Map<string, string>;
  /** headers nobody knows */
  unknown: string[];
  /** required columns missing from the file */
  missing: string[];
  /** fields named by two columns */
  duplicated: string[];
}

/**
 * Maps a file's header row onto a kind's fields. `optionalKeys` are required columns that may be
 * absent because a default stands in (region_code of cases with a default region).
 */
export function resolveHeaders(
  kind: ImportKind,
  headers: readonly string[],
  optionalKeys: readonly string[] = [],
): HeaderMapping {
  const lookup = new Map<string, string>();
  for (const c of COLUMNS[kind]) {
    for (const name of [c.key, c.zh, ...c.aliases]) lookup.set(normalizeHeader(name), c.key);
  }
  const byIndex = new Map<number, string>();
  const headerOf = new Map<string, string>();
  const unknown: string[] = [];
  const duplicated: string[] = [];
  headers.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const key = lookup.get(normalizeHeader(text));
    if (!key) {
      unknown.push(text);
      return;
    }
    if (headerOf.has(key)) {
      duplicated.push(text);
      return;
    }
    byIndex.set(i, key);
    headerOf.set(key, text);
  });
  const missing = COLUMNS[kind]
    .filter((c) => c.required && !headerOf.has(c.key) && !optionalKeys.includes(c.key))
    .map((c) => c.zh);
  return { byIndex, headerOf, unknown, missing, duplicated };
}

/** The cells of one data row as field key → trimmed text ('' when empty). */
export function rowFields(mapping: HeaderMapping, cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, key] of mapping.byIndex) out[key] = (cells[i] ?? '').trim();
  return out;
}
