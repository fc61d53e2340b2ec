// The situation report (情况报告) of a weekly meeting as a PDF in the house style of the PDF toolkit
// (Noto Sans SC): the meeting, the week's figures beside the previous week's, new warnings, overdue
// and supervised cases, department scorecards, overdue decisions and this meeting's decisions.
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { renderPdf, type PdfWriter } from '../../documents/pdf.js';
import type { SituationReport } from './situation-report.service.js';

export const REPORT_SECTIONS = [
  '一、本周主要数据',
  '二、本周新增预警',
  '三、超期案件',
  '四、督办案件',
  '五、部门考评',
  '六、逾期未落实的例会决定',
  '七、本次例会决定',
] as const;

const GREY = '#555555';
const WARNING_KIND_ZH: Record<string, string> = {
  high_risk: '高风险',
  repeat: '重复诉求',
  spike: '激增',
  stuck: '办理受阻',
};
const SEVERITY_ZH: Record<string, string> = { red: '红', orange: '橙', yellow: '黄' };

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
/** 2026-03-16 09:30 in CST */
const cstTime = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
};

function section(pdf: PdfWriter, i: number) {
  pdf.space(0.5);
  pdf.heading(REPORT_SECTIONS[i]!);
}

const none = (pdf: PdfWriter) => pdf.paragraph('无', { color: GREY });

function figures(pdf: PdfWriter, r: SituationReport) {
  const w = r.figures.week;
  const p = r.figures.previousWeek;
  const line = (label: string, a: string, b: string) => pdf.text(`${label}：本周 ${a}，上周 ${b}`);
  line('受理', String(w.received), String(p.received));
  line('办结', String(w.concluded), String(p.concluded));
  line('化解', String(w.resolved), String(p.resolved));
  line('办结率', pct(w.conclusionRate), pct(p.conclusionRate));
  line('按期办结率', pct(w.onTimeRate), pct(p.onTimeRate));
  line('化解率', pct(w.resolutionRate), pct(p.resolutionRate));
  line('满意率', pct(w.satisfactionRate), pct(p.satisfactionRate));
  pdf.space(0.3);
  pdf.text(
    `截至 ${cstTime(r.generatedAt)}：在办 ${r.figures.now.open} 件，超期 ${r.figures.now.overdue} 件，未处置预警 ${r.openWarnings?.total ?? 0} 条；` +
      `本周网格上报事件 ${r.figures.grid.received} 件，办结 ${r.figures.grid.concluded} 件。`,
  );
}

export async function situationReportPdf(r: SituationReport, createdAt: Date): Promise<Buffer> {
  const m = r.meeting;
  const title = `${m.regionName}工作例会情况报告`;
  return renderPdf(
    {
      title,
      createdAt,
      subject: `${r.week.from} 至 ${r.week.to}`,
      header: m.unitName ?? m.regionName,
      footer: `生成于 ${cstTime(r.generatedAt)}`,
    },
    (pdf) => {
      pdf.fields([
        [
          '统计周期',
          `${r.week.from} 至 ${r.week.to}（对比上周 ${r.previousWeek.from} 至 ${r.previousWeek.to}）`,
        ],
        ['会议时间', cstTime(m.heldAt)],
        ['会议地点', m.place],
        ['参会人员', m.attendees.map((a) => a.name).join('、')],
        ...(m.notes ? ([['会议纪要', m.notes]] as [string, string][]) : []),
      ]);
      section(pdf, 0);
      figures(pdf, r);

      section(pdf, 1);
      if (r.newWarnings.items.length === 0) none(pdf);
      for (const w of r.newWarnings.items) {
        pdf.text(
          `【${SEVERITY_ZH[w.severity] ?? w.severity}】${WARNING_KIND_ZH[w.kind] ?? w.kind} · ${w.regionName ?? w.regionCode}` +
            `${w.caseNo ? ` · 案件 ${w.caseNo}` : ''} · ${cstDayOf(new Date(w.raisedAt))}`,
        );
      }

      section(pdf, 2);
      pdf.text(`共 ${r.overdueCases.total} 件`, { color: GREY });
      for (const c of r.overdueCases.items) {
        pdf.text(
          `${c.caseNo} ${c.title} · ${c.leadUnitName ?? '未分派'} · 期限 ${c.deadlineAt ? cstTime(c.deadlineAt) : '—'}`,
        );
      }

      section(pdf, 3);
      if (r.supervisedCases.items.length === 0) none(pdf);
      for (const o of r.supervisedCases.items) {
        pdf.text(
          `${o.caseNo} ${o.caseTitle} · 督办 ${o.addressedUnitName} · 期限 ${cstTime(o.dueAt)}${o.overdue ? '（已逾期）' : ''}`,
        );
      }

      section(pdf, 4);
      if (r.scorecards.length === 0) none(pdf);
      for (const s of r.scorecards) {
        pdf.text(
          `${s.unitName}：办结 ${s.concluded} 件，按期率 ${pct(s.onTimeRate)}，退回率 ${pct(s.bounceBackRate)}，` +
            `报到及时率 ${pct(s.reportIns.timelinessRate)}，评价 ${s.ratings.average ?? '—'}`,
        );
      }

      section(pdf, 5);
      if (r.overdueDecisions.length === 0) none(pdf);
      for (const d of r.overdueDecisions) {
        pdf.text(`${d.caseNo} · ${d.unitName} · 应于 ${d.dueOn} 前：${d.text}`);
      }

      section(pdf, 6);
      if (r.decisions.length === 0) none(pdf);
      for (const d of r.decisions) {
        const who = d.assigneeName ? `${d.unitName}（${d.assigneeName}）` : d.unitName;
        const done = d.status === 'done' ? `；已落实：${d.doneNote ?? ''}` : '';
        pdf.text(`${d.caseNo} · ${who} · ${d.dueOn} 前：${d.text}${done}`);
      }
    },
  );
}
