// The demo organization of a city as plain rows (pure: ids come from newId): centers at city,
// county and township level; departments stationed at them (常驻 / 轮驻 / 随叫随驻); the four
// kinds of mediation organizations (四调联动); a committee for every village/community.
import type { Insertable } from 'kysely';
import type { Stationing, UnitsTable } from '../db/tables.js';
import type { RegionSeed } from '../modules/regions/region-asset.js';
import type { RegionRow } from '../modules/regions/region-codes.js';

export type UnitRow = Insertable<UnitsTable> & { id: string; code: string; center_id: string | null };

interface DepartmentType {
  /** English code, the suffix of the unit code (371403-police) */
  key: string;
  type: string;
  stationing: Stationing;
  name: (place: RegionRow) => string;
}

const isDistrict = (r: RegionRow): boolean => r.level === 'county' && r.name.endsWith('区');

/** City and county departments; the stationing follows how each usually sits in a center. */
export const DEPARTMENT_TYPES: readonly DepartmentType[] = [
  {
    key: 'police',
    type: '公安',
    stationing: 'permanent',
    name: (p) => p.name + (isDistrict(p) ? '公安分局' : '公安局'),
  },
  {
    key: 'court',
    type: '法院',
    stationing: 'permanent',
    name: (p) => p.name + (p.level === 'city' ? '中级人民法院' : '人民法院'),
  },
  { key: 'procuratorate', type: '检察', stationing: 'on_call', name: (p) => p.name + '人民检察院' },
  { key: 'justice', type: '司法', stationing: 'permanent', name: (p) => p.name + '司法局' },
  { key: 'petition', type: '信访', stationing: 'permanent', name: (p) => p.name + '信访局' },
  { key: 'housing', type: '住建', stationing: 'rotation', name: (p) => p.name + '住房和城乡建设局' },
  { key: 'hrss', type: '人社', stationing: 'permanent', name: (p) => p.name + '人力资源和社会保障局' },
  {
    key: 'natural-resources',
    type: '自然资源',
    stationing: 'rotation',
    name: (p) => p.name + (p.level === 'city' ? '自然资源和规划局' : '自然资源局'),
  },
  {
    key: 'health',
    type: '卫健',
    stationing: 'rotation',
    name: (p) => p.name + (p.level === 'city' ? '卫生健康委员会' : '卫生健康局'),
  },
  {
    key: 'market-regulation',
    type: '市场监管',
    stationing: 'rotation',
    name: (p) => p.name + '市场监督管理局',
  },
];

/** Mediation organizations of a county (and, fewer, of the city), by code suffix. */
const COUNTY_MEDIATION: readonly {
  key: string;
  kind: 'people' | 'industry' | 'administrative' | 'judicial';
  name: (p: RegionRow) => string;
  city: boolean;
}[] = [
  { key: 'joint-mediation', kind: 'people', name: (p) => p.name + '矛盾纠纷联合人民调解委员会', city: true },
  { key: 'labor-mediation', kind: 'industry', name: (p) => p.name + '劳动争议人民调解委员会', city: false },
  { key: 'medical-mediation', kind: 'industry', name: (p) => p.name + '医疗纠纷人民调解委员会', city: true },
  {
    key: 'property-mediation',
    kind: 'industry',
    name: (p) => p.name + '物业纠纷人民调解委员会',
    city: false,
  },
  {
    key: 'traffic-mediation',
    kind: 'industry',
    name: (p) => p.name + '道路交通事故纠纷人民调解委员会',
    city: false,
  },
  { key: 'admin-mediation', kind: 'administrative', name: (p) => p.name + '行政调解委员会', city: true },
  {
    key: 'court-mediation',
    kind: 'judicial',
    name: (p) => p.name + (p.level === 'city' ? '中级人民法院' : '人民法院') + '诉调对接中心',
    city: true,
  },
];

/** 神头镇 → 神头, 新湖街道 → 新湖: the form used in 派出所 / 司法所 / 法庭 names. */
function townshipShortName(name: string): string {
  const short = name.replace(/(街道|镇|乡)$/, '');
  return short === '' ? name : short;
}

/** Every third township of a county (its first, fourth, …) has a 人民法庭, as courts cover several. */
export function hasPeoplesTribunal(township: RegionRow): boolean {
  return (township.sort - 1) % 3 === 0;
}

export function centerCode(regionCode: string): string {
  return `${regionCode}-center`;
}

/** All units of the city in insert order (centers before the units that refer to them). */
export function planUnits(seed: RegionSeed, newId: () => string, now: Date): UnitRow[] {
  const units: UnitRow[] = [];
  const centers = new Map<string, string>();
  const countyByCode = new Map(seed.counties.map((c) => [c.code, c]));
  const add = (u: Omit<UnitRow, 'id' | 'created_at'>): void => {
    units.push({ id: newId(), created_at: now, ...u });
  };
  const center = (region: RegionRow, prefix = ''): void => {
    const id = newId();
    centers.set(region.code, id);
    units.push({
      id,
      code: centerCode(region.code),
      name: `${prefix}${region.name}综治中心`,
      kind: 'center',
      region_code: region.code,
      center_id: null,
      created_at: now,
    });
  };
  center(seed.city);
  for (const county of seed.counties) center(county);
  for (const township of seed.townships)
    center(township, countyByCode.get(township.parentCode ?? '')?.name ?? '');

  for (const place of [seed.city, ...seed.counties]) {
    const center_id = centers.get(place.code) ?? null;
    for (const d of DEPARTMENT_TYPES) {
      add({
        code: `${place.code}-${d.key}`,
        name: d.name(place),
        kind: 'department',
        region_code: place.code,
        center_id,
        department_type: d.type,
        stationing: d.stationing,
      });
    }
    for (const m of COUNTY_MEDIATION) {
      if (place.level === 'city' && !m.city) continue;
      add({
        code: `${place.code}-${m.key}`,
        name: m.name(place),
        kind: 'mediation_org',
        region_code: place.code,
        center_id,
        mediation_kind: m.kind,
      });
    }
  }
  for (const township of seed.townships) {
    const county = countyByCode.get(township.parentCode ?? '');
    const center_id = centers.get(township.code) ?? null;
    const short = townshipShortName(township.name);
    const countyName = county?.name ?? '';
    const police = county && isDistrict(county) ? `${countyName}公安分局` : `${countyName}公安局`;
    add({
      code: `${township.code}-police`,
      name: `${police}${short}派出所`,
      kind: 'department',
      region_code: township.code,
      center_id,
      department_type: '公安',
      stationing: 'permanent',
    });
    add({
      code: `${township.code}-justice`,
      name: `${countyName}司法局${short}司法所`,
      kind: 'department',
      region_code: township.code,
      center_id,
      department_type: '司法',
      stationing: 'permanent',
    });
    if (hasPeoplesTribunal(township)) {
      add({
        code: `${township.code}-court`,
        name: `${countyName}人民法院${short}人民法庭`,
        kind: 'department',
        region_code: township.code,
        center_id,
        department_type: '法院',
        stationing: 'on_call',
      });
    }
    add({
      code: `${township.code}-people-mediation`,
      name: `${township.name}人民调解委员会`,
      kind: 'mediation_org',
      region_code: township.code,
      center_id,
      mediation_kind: 'people',
    });
  }
  // A village committee doubles as the village's people's mediation committee for now.
  for (const village of seed.villages) {
    add({
      code: `${village.code}-committee`,
      name: village.committeeName,
      kind: 'village_committee',
      region_code: village.code,
      center_id: centers.get(village.parentCode ?? '') ?? null,
      mediation_kind: 'people',
    });
  }
  return units;
}

/** Which unit a category goes to in each county (region prefix = the county code). */
export const COUNTY_ROUTES: readonly { category: string; unitSuffix: string }[] = [
  { category: 'labor', unitSuffix: 'labor-mediation' },
  { category: 'medical', unitSuffix: 'medical-mediation' },
  { category: 'traffic', unitSuffix: 'traffic-mediation' },
  { category: 'property', unitSuffix: 'property-mediation' },
  { category: 'consumer', unitSuffix: 'market-regulation' },
  { category: 'expropriation', unitSuffix: 'natural-resources' },
  { category: 'debt_contract', unitSuffix: 'court-mediation' },
];

export interface PlannedRoute {
  categoryCode: string | null;
  regionPrefix: string;
  unitCode: string;
}

/**
 * Routing rules as (category, region prefix, unit code): specialised categories go to the
 * county's industry committees or departments, everything else to the township's people's
 * mediation committee; county and city catch-alls cover cases registered above townships.
 */
export function planRoutes(seed: RegionSeed): PlannedRoute[] {
  const city = seed.city.code;
  const routes: PlannedRoute[] = [
    { categoryCode: null, regionPrefix: city, unitCode: `${city}-joint-mediation` },
    { categoryCode: 'medical', regionPrefix: city, unitCode: `${city}-medical-mediation` },
  ];
  for (const county of seed.counties) {
    routes.push({
      categoryCode: null,
      regionPrefix: county.code,
      unitCode: `${county.code}-joint-mediation`,
    });
    for (const r of COUNTY_ROUTES) {
      routes.push({
        categoryCode: r.category,
        regionPrefix: county.code,
        unitCode: `${county.code}-${r.unitSuffix}`,
      });
    }
  }
  for (const township of seed.townships) {
    routes.push({
      categoryCode: null,
      regionPrefix: township.code,
      unitCode: `${township.code}-people-mediation`,
    });
  }
  return routes;
}
