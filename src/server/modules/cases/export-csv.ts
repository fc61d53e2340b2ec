// The CSV of a case list, as Excel on a Chinese desktop opens it: UTF-8 with a byte-order mark,
// CRLF lines, headers and codes in the request's language, dates in China time.
import type { Lang } from '../../http/i18n.js';

/** Text cells that a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

export const BOM = '\uFEFF';

/** 2026-03-15 09:30 in China Standard Time (UTC+8, no daylight saving). */
export function chinaTime(d: Date | null): string {
  if (!d) return '';
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

type Labels = Record<string, string>;
interface ExportWords {
  columns: readonly string[];
  state: Labels;
  channel: Labels;
  risk: Labels;
  level: Labels;
  light: Labels;
  yes: string;
}

/** Headers and the names of the codes, per language (the console's words, common.ts). */
export const EXPORT_WORDS: Record<Lang, ExportWords> = {
  'zh-CN': {
    columns: [
      '案件编号', '标题', '状态', '纠纷类别', '来源渠道', '所在地', '风险等级', '办理层级',
      '主办单位', '退回待审定', '办理时限', '时限灯', '登记时间',
    ], // prettier-ignore
    state: {
      registered: '待受理', assigned: '已分派', in_progress: '办理中', concluded: '已办结',
      followed_up: '已回访', archived: '已归档', withdrawn: '已撤回', declined: '不予受理',
    }, // prettier-ignore
    channel: {
      window: '窗口', qr: '解纷码', grid: '网格上报', hotline: '热线', petition: '信访', patrol: '巡查',
      api: '接口',
    }, // prettier-ignore
    risk: { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' },
    level: { village: '村（社区）', township: '乡镇（街道）', county: '县（市、区）', city: '市' },
    light: { green: '正常', yellow: '临期', red: '超期' },
    yes: '是',
  },
  en: {
    columns: [
      'Case no.', 'Title', 'State', 'Category', 'Channel', 'Place', 'Risk', 'Handling level',
      'Lead unit', 'Rejection awaiting ruling', 'Deadline', 'Light', 'Registered at',
    ], // prettier-ignore
    state: {
      registered: 'Registered', assigned: 'Assigned', in_progress: 'In progress', concluded: 'Concluded',
      followed_up: 'Followed up', archived: 'Archived', withdrawn: 'Withdrawn', declined: 'Declined',
    }, // prettier-ignore
    channel: {
      window: 'Window', qr: 'QR code', grid: 'Grid report', hotline: 'Hotline', petition: 'Petition',
      patrol: 'Patrol', api: 'API',
    }, // prettier-ignore
    risk: { red: 'Red', orange: 'Orange', yellow: 'Yellow', blue: 'Blue' },
    level: { village: 'Village', township: 'Township', county: 'County', city: 'City' },
    light: { green: 'On time', yellow: 'Due soon', red: 'Overdue' },
    yes: 'Yes',
  },
};

/** What one exported row needs (a row of searchCases plus its light now). */
export interface ExportRow {
  case_no: string;
  title: string;
  state: string;
  category_name_zh: string;
  category_name_en: string;
  channel: string;
  region_name: string;
  risk_level: string;
  handling_level: string;
  lead_unit_name: string | null;
  awaiting_ruling: boolean;
  deadline_at: Date | null;
  created_at: Date;
  light: string | null;
}

export function exportHeader(lang: Lang): string {
  return BOM + csvLine(EXPORT_WORDS[lang].columns);
}

export function exportLine(lang: Lang, r: ExportRow): string {
  const w = EXPORT_WORDS[lang];
  const name = (labels: Labels, code: string | null) => (code ? (labels[code] ?? code) : '');
  return csvLine([
    r.case_no,
    r.title,
    name(w.state, r.state),
    lang === 'en' ? r.category_name_en : r.category_name_zh,
    name(w.channel, r.channel),
    r.region_name,
    name(w.risk, r.risk_level),
    name(w.level, r.handling_level),
    r.lead_unit_name ?? '',
    r.awaiting_ruling ? w.yes : '',
    chinaTime(r.deadline_at),
    name(w.light, r.light),
    chinaTime(r.created_at),
  ]);
}
