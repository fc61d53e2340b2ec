// The coded fields of base information (基础信息) after GB/T 31000-2015 (社会治安综合治理基础数据
// 规范): gender (GB/T 2261.1), ethnicity (GB/T 3304), 人户状态, house use, organization kind and the
// key groups (重点人群 / 特殊人群). Each has a stable code in English and its Chinese label; parsers
// accept the code, the label and common short forms, as staff type them into a spreadsheet.
import { isValidIdNumber, normalizeIdNumber } from '../pii/validation.js';

export const GENDERS = ['male', 'female', 'unknown'] as const;
/** 性别 (GB/T 2261.1: 男 1, 女 2, 未知 0/9). */
export type Gender = (typeof GENDERS)[number];
export const GENDER_ZH: Record<Gender, string> = { male: '男', female: '女', unknown: '未知' };

export const RESIDENCE_STATUSES = ['consistent', 'here_not_registered', 'registered_not_here'] as const;
/** 人户状态: 人户一致, 人在户不在 (lives here, registered elsewhere), 户在人不在 (registered here, lives elsewhere). */
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number];
export const RESIDENCE_STATUS_ZH: Record<ResidenceStatus, string> = {
  consistent: '人户一致',
  here_not_registered: '人在户不在',
  registered_not_here: '户在人不在',
};

export const HOUSE_RELATIONS = ['owner', 'family', 'tenant', 'other'] as const;
/** 与房屋关系 of a resident: 产权人, 家庭成员, 租住, 其他. */
export type HouseRelation = (typeof HOUSE_RELATIONS)[number];
export const HOUSE_RELATION_ZH: Record<HouseRelation, string> = {
  owner: '产权人',
  family: '家庭成员',
  tenant: '租住',
  other: '其他',
};

export const HOUSE_USES = [
  'residential',
  'commercial',
  'office',
  'industrial',
  'warehouse',
  'mixed',
  'other',
] as const;
/** 房屋用途. */
export type HouseUse = (typeof HOUSE_USES)[number];
export const HOUSE_USE_ZH: Record<HouseUse, string> = {
  residential: '住宅',
  commercial: '商业',
  office: '办公',
  industrial: '工业',
  warehouse: '仓储',
  mixed: '商住两用',
  other: '其他',
};

export const ORGANIZATION_KINDS = [
  'enterprise',
  'individual_business',
  'public_institution',
  'government',
  'social_organization',
  'other',
] as const;
/** 单位类型 of a business or organization. */
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const ORGANIZATION_KIND_ZH: Record<OrganizationKind, string> = {
  enterprise: '企业',
  individual_business: '个体工商户',
  public_institution: '事业单位',
  government: '机关',
  social_organization: '社会组织',
  other: '其他',
};

export const KEY_GROUPS = [
  'released_prisoner',
  'community_correction',
  'severe_mental_disorder',
  'drug_user',
  'hiv_risk',
  'at_risk_youth',
] as const;
/** 重点人群 (GB/T 31000 特殊人群): flagged only by authorized roles, seen only by them. */
export type KeyGroup = (typeof KEY_GROUPS)[number];
export const KEY_GROUP_ZH: Record<KeyGroup, string> = {
  released_prisoner: '刑满释放人员',
  community_correction: '社区矫正对象',
  severe_mental_disorder: '严重精神障碍患者',
  drug_user: '吸毒人员',
  hiv_risk: '艾滋病危险人员',
  at_risk_youth: '重点青少年',
};

/** 民族 by GB/T 3304 code (01–56), plus 97 其他 and 98 外国血统中国籍人士. */
export const ETHNICITIES: Readonly<Record<string, string>> = Object.fromEntries(
  (
    '汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 ' +
    '东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 ' +
    '俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺'
  )
    .split(' ')
    .map((name, i): [string, string] => [String(i + 1).padStart(2, '0'), `${name}族`])
    .concat([
      ['97', '其他'],
      ['98', '外国血统中国籍人士'],
    ]),
);

/** A map's own entry only (a cell saying "constructor" must not find Object's). */
function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Code lookup from the code itself and its Chinese label (and extra spellings). */
function parserOf<T extends string>(
  labels: Record<T, string>,
  extra: Record<string, T> = {},
): (text: string) => T | null {
  const map: Record<string, T> = { ...extra };
  for (const [code, zh] of Object.entries(labels) as [T, string][]) {
    map[code] = code;
    map[zh] = code;
  }
  return (text) => own(map, text.trim().toLowerCase()) ?? own(map, text.trim()) ?? null;
}

/** 性别 from a code, 男/女/未知 or 1/2/0/9. */
export const parseGender = parserOf(GENDER_ZH, {
  '1': 'male',
  '2': 'female',
  '0': 'unknown',
  '9': 'unknown',
});
/** 人户状态 from a code or its label. */
export const parseResidenceStatus = parserOf(RESIDENCE_STATUS_ZH);
/** 与房屋关系 from a code or its label. */
export const parseHouseRelation = parserOf(HOUSE_RELATION_ZH, {
  房主: 'owner',
  业主: 'owner',
  租户: 'tenant',
});
/** 房屋用途 from a code or its label. */
export const parseHouseUse = parserOf(HOUSE_USE_ZH, {
  住房: 'residential',
  商铺: 'commercial',
  厂房: 'industrial',
});
/** 单位类型 from a code or its label. */
export const parseOrganizationKind = parserOf(ORGANIZATION_KIND_ZH, {
  个体: 'individual_business',
  公司: 'enterprise',
  政府机关: 'government',
});
/** 重点人群 from a code or its label. */
export const parseKeyGroup = parserOf(KEY_GROUP_ZH, { 社区矫正人员: 'community_correction' });

/** 民族 code (GB/T 3304) from the code (`1` or `01`), the full name (`汉族`) or the short one (`汉`). */
export function parseEthnicity(text: string): string | null {
  const s = text.trim();
  if (/^\d{1,2}$/.test(s)) {
    const code = s.padStart(2, '0');
    return own(ETHNICITIES, code) !== undefined ? code : null;
  }
  for (const [code, name] of Object.entries(ETHNICITIES)) {
    if (name === s || (name.endsWith('族') && name.slice(0, -1) === s)) return code;
  }
  return null;
}

/**
 * What a GB 11643 ID number says of its holder: the birth date (`YYYY-MM-DD`) and the gender (the
 * 17th digit, odd for men). Null for an invalid number.
 */
export function factsOfIdNumber(idNumber: string): { birthDate: string; gender: Gender } | null {
  if (!isValidIdNumber(idNumber)) return null;
  const id = normalizeIdNumber(idNumber);
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * A normal form of an address for duplicate detection (its blind index): NFKC, without spaces
 * and the usual punctuation, so `德州市 陵城区…1号` and `德州市陵城区…1 号` are the same house.
 */
export function normalizeAddress(address: string): string {
  return address.normalize('NFKC').replace(/[\s,，.。、·\-—()（）]/g, '');
}
