// The dossier (卷宗) of an archived case as one PDF, in the house style of the PDF toolkit: a cover
// with the table of contents (目录, each entry with its page and a link to it, and the same as PDF
// bookmarks), then registration, the ledger (every event with who, when, which unit), the
// mediation team and session minutes, the agreements, their performance and judicial
// confirmation, the conclusion and follow-up, and the list of attachments.
import { renderPdf, type PdfWriter } from '../../documents/pdf.js';
import { cnDate, numeral } from './agreement-pdf.js';
import {
  GUIDANCE_ZH,
  JUDICIAL_ZH,
  OUTCOME_ZH,
  PARTY_ROLE_ZH,
  SATISFACTION_ZH,
  SESSION_OUTCOME_ZH,
  TERM_STATUS_ZH,
} from './dossier-labels.js';

export interface DossierEvent {
  seq: number;
  /** 2026-03-16 09:30 (CST) */
  at: string;
  action: string;
  unit: string | null;
  actor: string | null;
  details: string[];
}

export interface DossierSession {
  n: number;
  scheduledAt: string;
  where: string;
  participants: string[];
  status: 'scheduled' | 'held';
  heldAt: string | null;
  attendance: { name: string; present: boolean }[] | null;
  minutes: string | null;
  outcome: string | null;
}

export interface DossierAgreement {
  date: string;
  parties: { role: string; name: string; representative?: string }[];
  facts: string;
  terms: string[];
  performanceDeadline: string;
  place: string;
  digest: string;
  verifyUrl: string;
  tracked: { n: number; dueDay: string; status: string; statusAt: string | null; note: string | null }[];
  referrals: {
    court: string;
    status: string;
    referredAt: string;
    decidedAt: string | null;
    rulingNo: string | null;
  }[];
}

/** Everything the dossier says; the service gathers it (personal data masked as on the case page). */
export interface DossierData {
  caseNo: string;
  title: string;
  state: string;
  category: string;
  channel: string;
  region: string;
  center: string;
  registeredAt: string;
  riskLevel: string;
  description: string;
  address: string | null;
  parties: { role: string; name: string; phone: string | null; idNumber: string | null }[];
  events: DossierEvent[];
  /** the ledger re-verified when exporting */
  ledger: { intact: boolean; problem: string | null; lastHash: string };
  mediation: null | {
    org: string;
    lead: string;
    assignedAt: string;
    members: { name: string; role: string; unit: string | null }[];
    sessions: DossierSession[];
    agreements: DossierAgreement[];
  };
  conclusion: null | { at: string; outcome: string; guidance: string | null; summary: string | null };
  followUps: { at: string; satisfaction: string | null; note: string | null }[];
  archivedAt: string | null;
  attachments: { name: string; size: string; sm3: string; at: string }[];
  exportedAt: string;
  exportedBy: string;
}

/** The sections of the dossier in order (the table of contents). */
export const DOSSIER_SECTIONS = [
  '一、登记信息',
  '二、办理过程（案件台账）',
  '三、调解组织与调解团队',
  '四、调解笔录',
  '五、调解协议书',
  '六、履行情况与司法确认',
  '七、办结、回访与归档',
  '八、附件目录',
] as const;

const GREY = '#555555';

function section(pdf: PdfWriter, i: number, pages: number[]) {
  const { doc } = pdf;
  doc.addPage();
  pages[i] = doc.bufferedPageRange().start + doc.bufferedPageRange().count;
  const title = DOSSIER_SECTIONS[i]!;
  doc.outline.addItem(title);
  pdf.font('bold', 14);
  doc.text(title, { destination: `s${i}` });
  doc.moveDown(0.4);
  pdf.font('regular', 11);
}

const none = (pdf: PdfWriter, what = '无') => pdf.paragraph(what, { color: GREY });

function registration(pdf: PdfWriter, d: DossierData) {
  pdf.fields([
    ['案件编号', d.caseNo],
    ['案件标题', d.title],
    ['纠纷类别', d.category],
    ['登记渠道', d.channel],
    ['发生地点', d.region + (d.address ? `（${d.address}）` : '')],
    ['登记中心', d.center],
    ['登记时间', d.registeredAt],
    ['风险等级', d.riskLevel],
    ['当前状态', d.state],
  ]);
  pdf.text('当事人', { weight: 'bold' });
  for (const p of d.parties) {
    const extra = [p.phone && `电话 ${p.phone}`, p.idNumber && `身份证 ${p.idNumber}`].filter(Boolean);
    pdf.text(`${PARTY_ROLE_ZH[p.role] ?? p.role}：${p.name}${extra.length ? `（${extra.join('，')}）` : ''}`);
  }
  pdf.space(0.5);
  pdf.text('纠纷情况', { weight: 'bold' });
  pdf.paragraph(d.description);
  pdf.text('个人信息按脱敏规则显示；明文查看须经授权并留痕。', { size: 9, color: GREY });
}

function ledger(pdf: PdfWriter, d: DossierData) {
  pdf.text(
    d.ledger.intact
      ? `台账哈希链校验：完整（共 ${d.events.length} 条，末条哈希 ${d.ledger.lastHash.slice(0, 16)}…）`
      : `台账哈希链校验：不通过（${d.ledger.problem ?? '未知'}）`,
    { size: 10, color: d.ledger.intact ? '#1b5e20' : '#b71c1c' },
  );
  pdf.space(0.4);
  for (const e of d.events) {
    const who = [e.unit, e.actor].filter(Boolean).join(' · ');
    pdf.text(`${e.seq}. ${e.at}  ${e.action}${who ? `  —  ${who}` : ''}`, { weight: 'bold', size: 10 });
    for (const line of e.details) pdf.text(line, { size: 10, indent: 14 });
    pdf.space(0.2);
  }
}

function team(pdf: PdfWriter, d: DossierData) {
  const m = d.mediation;
  if (!m) return none(pdf, '本案未组建调解团队。');
  pdf.fields([
    ['调解组织', m.org],
    ['牵头调解员', m.lead],
    ['组建时间', m.assignedAt],
  ]);
  pdf.text('团队成员', { weight: 'bold' });
  if (m.members.length === 0) none(pdf);
  for (const x of m.members) pdf.text(`${x.role}：${x.name}${x.unit ? `（${x.unit}）` : ''}`);
}

function minutes(pdf: PdfWriter, d: DossierData) {
  const sessions = d.mediation?.sessions ?? [];
  if (sessions.length === 0) return none(pdf, '无调解会记录。');
  for (const s of sessions) {
    pdf.text(`第 ${s.n} 次调解`, { weight: 'bold' });
    pdf.fields([
      ['时间', s.heldAt ?? s.scheduledAt],
      ['地点', s.where],
      ['参加人员', s.participants.join('、')],
      [
        '出席情况',
        s.attendance
          ? s.attendance.map((a) => `${a.name}${a.present ? '（到）' : '（缺）'}`).join('、')
          : '尚未召开',
      ],
      ['结果', s.outcome ? (SESSION_OUTCOME_ZH[s.outcome] ?? s.outcome) : '—'],
    ]);
    if (s.minutes) {
      pdf.text('调解笔录：', { weight: 'bold', size: 10 });
      pdf.paragraph(s.minutes, { size: 10 });
    }
  }
}

function agreements(pdf: PdfWriter, d: DossierData) {
  const list = d.mediation?.agreements ?? [];
  if (list.length === 0) return none(pdf, '无调解协议书。');
  list.forEach((a, k) => {
    pdf.text(`调解协议书${list.length > 1 ? `（${k + 1}）` : ''}：${cnDate(a.date)}签订于${a.place}`, {
      weight: 'bold',
    });
    for (const p of a.parties) {
      pdf.text(
        `${PARTY_ROLE_ZH[p.role] ?? p.role}：${p.name}${p.representative ? `（代表人：${p.representative}）` : ''}`,
      );
    }
    pdf.text('纠纷主要事实：', { weight: 'bold', size: 10 });
    pdf.paragraph(a.facts, { size: 10 });
    pdf.text('协议内容：', { weight: 'bold', size: 10 });
    a.terms.forEach((t, i) => pdf.text(`${numeral(i)}、${t}`, { size: 10 }));
    pdf.text(`履行期限：${cnDate(a.performanceDeadline)}前`, { size: 10 });
    pdf.text(`内容摘要（SM3）：${a.digest}`, { size: 8, color: GREY });
    pdf.text(`核验地址：${a.verifyUrl}`, { size: 8, color: GREY });
    pdf.space(0.5);
  });
}

function performance(pdf: PdfWriter, d: DossierData) {
  const list = d.mediation?.agreements ?? [];
  if (list.length === 0) return none(pdf, '无需履行的协议。');
  for (const a of list) {
    pdf.text(`${cnDate(a.date)}协议的履行情况`, { weight: 'bold' });
    if (a.tracked.length === 0) none(pdf, '协议无需跟踪履行的条款。');
    for (const t of a.tracked) {
      const state = TERM_STATUS_ZH[t.status] ?? t.status;
      pdf.text(
        `第 ${t.n} 条（${cnDate(t.dueDay)}前）：${state}${t.statusAt ? `，${t.statusAt}` : ''}${t.note ? `，${t.note}` : ''}`,
      );
    }
    pdf.text('司法确认', { weight: 'bold', size: 10 });
    if (a.referrals.length === 0) none(pdf, '未申请司法确认。');
    for (const r of a.referrals) {
      pdf.text(
        `${r.court}：${JUDICIAL_ZH[r.status] ?? r.status}（申请 ${r.referredAt}${r.decidedAt ? `，决定 ${r.decidedAt}` : ''}${r.rulingNo ? `，文号 ${r.rulingNo}` : ''}）`,
      );
    }
    pdf.space(0.5);
  }
}

function closing(pdf: PdfWriter, d: DossierData) {
  const c = d.conclusion;
  pdf.fields([
    ['办结时间', c?.at ?? '—'],
    ['办结结果', c ? (OUTCOME_ZH[c.outcome] ?? c.outcome) : '—'],
    ['引导渠道（诉调对接）', c?.guidance ? (GUIDANCE_ZH[c.guidance] ?? c.guidance) : '—'],
    ['办理结果说明', c?.summary ?? '—'],
  ]);
  pdf.text('回访', { weight: 'bold' });
  if (d.followUps.length === 0) none(pdf, '无回访记录。');
  for (const f of d.followUps) {
    const s = f.satisfaction ? (SATISFACTION_ZH[f.satisfaction] ?? f.satisfaction) : '—';
    pdf.text(`${f.at}：${s}${f.note ? `（${f.note}）` : ''}`);
  }
  pdf.space(0.5);
  pdf.fields([['归档时间', d.archivedAt ?? '—']]);
}

function attachments(pdf: PdfWriter, d: DossierData) {
  if (d.attachments.length === 0) return none(pdf, '无附件。');
  d.attachments.forEach((a, i) => {
    pdf.text(`${i + 1}. ${a.name}（${a.size}，${a.at}）`, { size: 10 });
    pdf.text(`SM3：${a.sm3}`, { size: 8, color: GREY, indent: 14 });
  });
}

const WRITERS = [registration, ledger, team, minutes, agreements, performance, closing, attachments];

/** The dossier's bytes: a cover page with the table of contents, then one section per part. */
export async function dossierPdf(d: DossierData, createdAt: Date): Promise<Buffer> {
  return renderPdf(
    {
      title: '案件卷宗',
      subject: `案件编号 ${d.caseNo}`,
      createdAt,
      header: `${d.center} · 案件卷宗`,
      footer: `一门 · 案件编号 ${d.caseNo}`,
    },
    (pdf) => {
      const { doc } = pdf;
      pdf.fields([
        ['案件编号', d.caseNo],
        ['案件标题', d.title],
        ['导出时间', d.exportedAt],
        ['导出人', d.exportedBy],
      ]);
      pdf.heading('目录');
      // the contents are written once the sections know their pages
      const tocTop = doc.y;
      const pages: number[] = [];
      WRITERS.forEach((write, i) => {
        section(pdf, i, pages);
        write(pdf, d);
      });
      doc.switchToPage(doc.bufferedPageRange().start);
      const left = doc.page.margins.left;
      const width = pdf.contentWidth;
      let y = tocTop;
      pdf.font('regular', 12);
      DOSSIER_SECTIONS.forEach((title, i) => {
        const page = String(pages[i]);
        doc.text(title, left, y, { width: width - 40, lineBreak: false, goTo: `s${i}` });
        doc.text(page, left, y, { width, align: 'right', lineBreak: false, goTo: `s${i}` });
        y += 22;
      });
      // the dotted leaders between title and page
      doc.save().strokeColor('#bbbbbb').dash(1, { space: 3 });
      DOSSIER_SECTIONS.forEach((title, i) => {
        const lineY = tocTop + i * 22 + 12;
        doc
          .moveTo(left + doc.widthOfString(title) + 8, lineY)
          .lineTo(left + width - 24, lineY)
          .stroke();
      });
      doc.restore();
      pdf.font('regular', 11);
    },
  );
}
