// The report's tables in one language: what the Excel and PDF renderers both draw, so that the
// two files say the same thing in the same words. Cells keep their numbers (a rate is a fraction,
// a change of a rate is in fractions too); each renderer formats them its own way.
import { periodNumber, type ReportPeriod } from '../../../core/analytics/report-periods.js';
import type { Lang } from '../../http/i18n.js';
import type { CaseFiguresT } from '../analytics/figures.js';
import { EXPORT_WORDS } from '../cases/export-csv.js';
import type { BreakdownRow, StatisticsReport } from './statistics-report.js';

/** A cell: text, a count, a rate (fraction), or the change of a count or a rate; null is "—". */
export type Cell =
  { t: 'text'; v: string } | { t: 'count' | 'rate' | 'countChange' | 'rateChange'; v: number | null };

export interface Section {
  /** the worksheet's name and the PDF's heading */
  title: string;
  columns: string[];
  rows: Cell[][];
  /** a line under the table */
  note?: string;
}

export interface ReportLayout {
  title: string;
  /** label–value lines under the title: region, period, compared periods, when made */
  meta: [string, string][];
  sections: Section[];
}

const W = {
  'zh-CN': {
    title: (region: string, period: string) => `${region}矛盾纠纷化解工作统计报表（${period}）`,
    region: '地区',
    regionLine: (name: string, level: string, code: string) => `${name}（${level}，${code}）`,
    period: '统计期间',
    previous: '上期（环比）',
    yearAgo: '去年同期（同比）',
    generatedAt: '生成时间',
    incomplete: (day: string) => `（本期尚未结束，数据截至 ${day}）`,
    summary: '汇总',
    metric: '指标',
    current: '本期',
    before: '上期',
    mom: '环比增减',
    lastYear: '去年同期',
    yoy: '同比增减',
    received: '排查受理数',
    concluded: '办结数',
    resolved: '化解数',
    conclusionRate: '办结率',
    onTimeRate: '按期办结率',
    resolutionRate: '化解率',
    satisfactionRate: '满意率',
    open: '在办件数（当前）',
    overdue: '超期件数（当前）',
    warnings: '未处置预警（当前）',
    nowNote: '标“当前”的指标为报表生成时的数量，不作同比、环比。比率的增减以百分点计。',
    children: '分地区',
    categories: '分类别',
    channels: '分渠道',
    units: '分单位',
    unitsNote: (n: number) =>
      `按办结数排列，列出前 ${n} 个单位；受理数为首问单位受理，办结数为主办单位办结。`,
    name: '名称',
    openNow: '在办',
    overdueNow: '超期',
    own: (name: string) => `${name}（本级）`,
    grid: '网格上报事件',
    gridChildren: '网格上报事件（分地区）',
    gridReceived: '上报数',
    gridConcluded: '办结数',
    gridOnTime: '按期办结数',
    quality: '抽查回访',
    qualityNote: '本期办结案件的抽查回访（每周按县抽取 10%，至少 3 件，由非承办人回访）。',
    sampled: '抽查数',
    reached: '回访成功',
    unreachable: '无法联系',
    pending: '待回访',
    satisfied: '满意',
    basicallySatisfied: '基本满意',
    unsatisfied: '不满意',
    qualitySatisfaction: '回访满意率',
    reopenNeeded: '需重新办理',
    reopenRate: '重办率',
    value: '数值',
    week: (y: number, n: number, p: ReportPeriod) => `${y}年第${n}周（${p.from}至${p.to}）`,
    month: (y: number, n: number) => `${y}年${n}月`,
    quarter: (y: number, n: number) => `${y}年第${n}季度`,
    year: (y: number) => `${y}年`,
  },
  en: {
    title: (region: string, period: string) => `Statistics report: ${region}, ${period}`,
    region: 'Region',
    regionLine: (name: string, level: string, code: string) => `${name} (${level}, ${code})`,
    period: 'Period',
    previous: 'Previous period',
    yearAgo: 'Same period last year',
    generatedAt: 'Generated at',
    incomplete: (day: string) => ` (not ended yet: figures up to ${day})`,
    summary: 'Summary',
    metric: 'Figure',
    current: 'This period',
    before: 'Previous',
    mom: 'Change',
    lastYear: 'Last year',
    yoy: 'Change on last year',
    received: 'Screened (received)',
    concluded: 'Concluded',
    resolved: 'Resolved',
    conclusionRate: 'Conclusion rate',
    onTimeRate: 'On-time conclusion rate',
    resolutionRate: 'Resolution rate',
    satisfactionRate: 'Satisfaction rate',
    open: 'Open (now)',
    overdue: 'Overdue (now)',
    warnings: 'Open warnings (now)',
    nowNote:
      'Figures marked "now" count when the report was made and are not compared. Changes of rates are in percentage points.',
    children: 'By region',
    categories: 'By category',
    channels: 'By channel',
    units: 'By unit',
    unitsNote: (n: number) =>
      `The top ${n} units by cases concluded; received counts first-contact units, concluded the lead units.`,
    name: 'Name',
    openNow: 'Open',
    overdueNow: 'Overdue',
    own: (name: string) => `${name} (own level)`,
    grid: 'Grid reports',
    gridChildren: 'Grid reports by region',
    gridReceived: 'Reported',
    gridConcluded: 'Concluded',
    gridOnTime: 'Concluded on time',
    quality: 'Quality call-backs',
    qualityNote:
      'Call-backs of the cases concluded in the period (each week 10 % of a county’s, at least 3, by someone who did not handle them).',
    sampled: 'Sampled',
    reached: 'Reached',
    unreachable: 'Unreachable',
    pending: 'Pending',
    satisfied: 'Satisfied',
    basicallySatisfied: 'Basically satisfied',
    unsatisfied: 'Unsatisfied',
    qualitySatisfaction: 'Call-back satisfaction rate',
    reopenNeeded: 'Reopen needed',
    reopenRate: 'Reopen rate',
    value: 'Value',
    week: (y: number, n: number, p: ReportPeriod) => `week ${n} of ${y} (${p.from} – ${p.to})`,
    month: (y: number, n: number) =>
      `${new Date(Date.UTC(y, n - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' })} ${y}`,
    quarter: (y: number, n: number) => `Q${n} ${y}`,
    year: (y: number) => String(y),
  },
} as const;

/** The period's name: 2026年3月, 2026年第1季度 … (March 2026, Q1 2026 …). */
export function periodName(lang: Lang, p: ReportPeriod): string {
  const { year, n } = periodNumber(p);
  const w = W[lang];
  return p.kind === 'week'
    ? w.week(year, n, p)
    : p.kind === 'month'
      ? w.month(year, n)
      : p.kind === 'quarter'
        ? w.quarter(year, n)
        : w.year(year);
}

/** The title of a region's report for a period in a language (also the file's name). */
export function reportTitle(lang: Lang, regionName: string, period: ReportPeriod): string {
  return W[lang].title(regionName, periodName(lang, period));
}

const text = (v: string): Cell => ({ t: 'text', v });
const count = (v: number | null): Cell => ({ t: 'count', v });
const rate = (v: number | null): Cell => ({ t: 'rate', v });
const change = (t: 'countChange' | 'rateChange', a: number | null, b: number | null): Cell => ({
  t,
  v: a === null || b === null ? null : Math.round((a - b) * 10_000) / 10_000,
});

/** A compared row: this period, the previous, its change, last year, its change. */
function compared(
  label: string,
  kind: 'count' | 'rate',
  values: [number | null, number | null, number | null],
) {
  const [cur, prev, ago] = values;
  const c = kind === 'count' ? 'countChange' : 'rateChange';
  const cell = kind === 'count' ? count : rate;
  return [text(label), cell(cur), cell(prev), change(c, cur, prev), cell(ago), change(c, cur, ago)];
}

/** A figure known only now: no comparison. */
const nowRow = (label: string, v: number | null) => [
  text(label),
  count(v),
  count(null),
  count(null),
  count(null),
  count(null),
];

function breakdown<R extends BreakdownRow>(
  lang: Lang,
  title: string,
  rows: readonly R[],
  name: (r: R) => string = (r) => r.name[lang],
  note?: string,
): Section {
  const w = W[lang];
  return {
    title,
    columns: [w.name, w.received, w.concluded, w.resolved, w.conclusionRate, w.onTimeRate, w.resolutionRate, w.satisfactionRate, w.openNow, w.overdueNow], // prettier-ignore
    rows: rows.map((r) => [
      text(name(r)),
      count(r.cases.received),
      count(r.cases.concluded),
      count(r.cases.resolved),
      rate(r.cases.conclusionRate),
      rate(r.cases.onTimeRate),
      rate(r.cases.resolutionRate),
      rate(r.cases.satisfactionRate),
      count(r.now.open),
      count(r.now.overdue),
    ]),
    ...(note ? { note } : {}),
  };
}

/** The report's tables in `lang`. */
export function reportLayout(lang: Lang, r: StatisticsReport): ReportLayout {
  const w = W[lang];
  const levels = EXPORT_WORDS[lang].level;
  const cases = (f: (c: CaseFiguresT) => number | null) =>
    [f(r.cases.current), f(r.cases.previous), f(r.cases.yearAgo)] as [
      number | null,
      number | null,
      number | null,
    ];
  const grid = (f: (g: StatisticsReport['grid']['current']) => number | null) =>
    [f(r.grid.current), f(r.grid.previous), f(r.grid.yearAgo)] as [
      number | null,
      number | null,
      number | null,
    ];
  const comparedColumns = [w.metric, w.current, w.before, w.mom, w.lastYear, w.yoy];
  const madeAt = new Date(r.generatedAt.getTime() + 8 * 3600_000)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
  const q = r.quality;
  return {
    title: reportTitle(lang, r.region.name, r.period),
    meta: [
      [w.region, w.regionLine(r.region.name, levels[r.region.level] ?? r.region.level, r.region.code)],
      [w.period, `${periodName(lang, r.period)}${r.complete ? '' : w.incomplete(madeAt.slice(0, 10))}`],
      [w.previous, periodName(lang, r.previous)],
      [w.yearAgo, periodName(lang, r.yearAgo)],
      [w.generatedAt, `${madeAt} (UTC+8)`],
    ],
    sections: [
      {
        title: w.summary,
        columns: comparedColumns,
        rows: [
          compared(
            w.received,
            'count',
            cases((c) => c.received),
          ),
          compared(
            w.concluded,
            'count',
            cases((c) => c.concluded),
          ),
          compared(
            w.resolved,
            'count',
            cases((c) => c.resolved),
          ),
          compared(
            w.conclusionRate,
            'rate',
            cases((c) => c.conclusionRate),
          ),
          compared(
            w.onTimeRate,
            'rate',
            cases((c) => c.onTimeRate),
          ),
          compared(
            w.resolutionRate,
            'rate',
            cases((c) => c.resolutionRate),
          ),
          compared(
            w.satisfactionRate,
            'rate',
            cases((c) => c.satisfactionRate),
          ),
          nowRow(w.open, r.now.open),
          nowRow(w.overdue, r.now.overdue),
          nowRow(w.warnings, r.now.warnings),
        ],
        note: w.nowNote,
      },
      breakdown(lang, w.children, r.children, (c) => (c.own ? w.own(c.name[lang]) : c.name[lang])),
      breakdown(lang, w.categories, r.categories),
      breakdown(lang, w.channels, r.channels),
      breakdown(lang, w.units, r.units, undefined, w.unitsNote(r.units.length)),
      {
        title: w.grid,
        columns: comparedColumns,
        rows: [
          compared(
            w.gridReceived,
            'count',
            grid((g) => g.received),
          ),
          compared(
            w.gridConcluded,
            'count',
            grid((g) => g.concluded),
          ),
          compared(
            w.gridOnTime,
            'count',
            grid((g) => g.concludedOnTime),
          ),
          compared(
            w.conclusionRate,
            'rate',
            grid((g) => g.conclusionRate),
          ),
          compared(
            w.onTimeRate,
            'rate',
            grid((g) => g.onTimeRate),
          ),
          nowRow(w.open, r.grid.now.open),
          nowRow(w.overdue, r.grid.now.overdue),
        ],
      },
      {
        title: w.gridChildren,
        columns: [w.name, w.gridReceived, w.gridConcluded, w.gridOnTime, w.conclusionRate, w.onTimeRate, w.openNow, w.overdueNow], // prettier-ignore
        rows: r.children.map((c) => [
          text(c.own ? w.own(c.name[lang]) : c.name[lang]),
          count(c.grid.received),
          count(c.grid.concluded),
          count(c.grid.concludedOnTime),
          rate(c.grid.conclusionRate),
          rate(c.grid.onTimeRate),
          count(c.grid.open),
          count(c.grid.overdue),
        ]),
      },
      {
        title: w.quality,
        columns: [w.metric, w.value],
        rows: [
          [text(w.sampled), count(q.sampled)],
          [text(w.reached), count(q.reached)],
          [text(w.unreachable), count(q.unreachable)],
          [text(w.pending), count(q.pending)],
          [text(w.satisfied), count(q.satisfied)],
          [text(w.basicallySatisfied), count(q.basicallySatisfied)],
          [text(w.unsatisfied), count(q.unsatisfied)],
          [text(w.qualitySatisfaction), rate(q.satisfactionRate)],
          [text(w.reopenNeeded), count(q.reopenNeeded)],
          [text(w.reopenRate), rate(q.reopenRate)],
          // next to 办结率, so that a high closure rate cannot hide unhappy residents
          [text(w.conclusionRate), rate(r.cases.current.conclusionRate)],
        ],
        note: w.qualityNote,
      },
    ],
  };
}

/** A cell as text (the PDF's tables): rates as percentages, changes signed, null as "—". */
export function cellText(lang: Lang, c: Cell): string {
  if (c.t === 'text') return c.v;
  if (c.v === null) return '—';
  const sign = c.v > 0 ? '+' : '';
  switch (c.t) {
    case 'count':
      return String(c.v);
    case 'countChange':
      return `${sign}${c.v}`;
    case 'rate':
      return `${(c.v * 100).toFixed(2)}%`;
    case 'rateChange':
      return `${sign}${(c.v * 100).toFixed(2)}${lang === 'en' ? ' pp' : '个百分点'}`;
  }
}
