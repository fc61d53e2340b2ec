// The mediation agreement (调解协议书) as a PDF, in the house style of the PDF toolkit (Noto Sans
// SC): parties, facts, terms, the performance deadline, the team, signature lines, and a QR code
// whose link lets anyone check the document against the case's ledger.
import { renderPdf } from '../../documents/pdf.js';
import { qrPng } from '../../documents/qr.js';

export const PARTY_ROLE_LABEL: Record<string, string> = {
  applicant: '申请人',
  respondent: '被申请人',
  third_party: '第三人',
};

/** What an agreement says; its canonical JSON is what the SM3 digest covers. */
export interface AgreementContent {
  agreementId: string;
  caseId: string;
  caseNo: string;
  /** Asia/Shanghai day of signing, YYYY-MM-DD */
  date: string;
  orgName: string;
  leadMediator: string;
  team: { name: string; role: string; unit: string | null }[];
  parties: { role: string; name: string; representative?: string }[];
  facts: string;
  terms: string[];
  performanceDeadline: string;
  /** each term's own due day (null: it obliges no one); absent when all are due by the deadline */
  termDueDays?: (string | null)[];
  place: string;
}

/** 2026-04-30 → 2026 年 4 月 30 日 */
export const cnDate = (day: string) => {
  const [y, m, d] = day.split('-');
  return `${y} 年 ${Number(m)} 月 ${Number(d)} 日`;
};
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 0 → 一, 1 → 二 … 10 → 十一 … 98 → 九十九 (the numbering of terms) */
export function numeral(i: number): string {
  const n = i + 1;
  if (n <= 10) return NUMERALS[n - 1] ?? String(n);
  if (n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const units = n % 10;
  return `${tens === 1 ? '' : NUMERALS[tens - 1]}十${units ? NUMERALS[units - 1] : ''}`;
}

/** The PDF's bytes; `verifyUrl` goes into the QR code and under it. */
export async function agreementPdf(c: AgreementContent, verifyUrl: string, createdAt: Date): Promise<Buffer> {
  const png = await qrPng(verifyUrl, { level: 'M', width: 360, margin: 2 });
  return renderPdf(
    {
      title: '人民调解协议书',
      subject: `案件编号 ${c.caseNo}`,
      createdAt,
      header: c.orgName,
      footer: `一门 · 案件编号 ${c.caseNo} · 扫描二维码核验本协议书`,
    },
    (pdf) => {
      const { doc } = pdf;
      pdf.text(`编号：${c.caseNo}`, { align: 'right', size: 10, color: '#444444' });
      pdf.space(0.5);
      pdf.heading('当事人');
      for (const p of c.parties) {
        const label = PARTY_ROLE_LABEL[p.role] ?? p.role;
        pdf.text(`${label}：${p.name}${p.representative ? `（代表人：${p.representative}）` : ''}`);
      }
      pdf.space(0.5);
      pdf.heading('调解组织及调解人员');
      pdf.text(`调解组织：${c.orgName}`);
      pdf.text(`牵头调解员：${c.leadMediator}`);
      for (const m of c.team) pdf.text(`${m.role}：${m.name}${m.unit ? `（${m.unit}）` : ''}`);
      pdf.space(0.5);
      pdf.heading('纠纷主要事实');
      pdf.paragraph(c.facts);
      pdf.heading('经调解，双方自愿达成如下协议');
      c.terms.forEach((term, i) => {
        const due = c.termDueDays?.[i];
        pdf.paragraph(`${numeral(i)}、${term}${due ? `（于 ${cnDate(due)}前履行）` : ''}`);
      });
      pdf.heading('履行方式及期限');
      pdf.paragraph(`各方应于 ${cnDate(c.performanceDeadline)}前履行完毕本协议约定的义务。`);
      pdf.paragraph(
        '本协议自各方当事人签名（盖章）、调解员签名并加盖调解组织印章之日起生效。本协议具有法律约束力，当事人应当按照约定履行。当事人可自本协议生效之日起三十日内共同向人民法院申请司法确认。',
      );
      pdf.space(0.5);
      const width = pdf.contentWidth;
      for (const p of c.parties) {
        pdf.text(`${PARTY_ROLE_LABEL[p.role] ?? p.role}（签名/盖章）：________________`, { width });
        pdf.space(0.6);
      }
      pdf.text('调解员（签名）：________________', { width });
      pdf.space(0.6);
      pdf.text(`调解组织（盖章）：${c.orgName}`, { width });
      pdf.text(`签订地点：${c.place}    签订日期：${cnDate(c.date)}`, { width });
      pdf.space(0.8);
      // the QR code: the verification page of this agreement (document id and content digest)
      const size = 110;
      if (doc.y + size + 40 > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const top = doc.y;
      doc.image(png, doc.page.margins.left, top, { width: size, height: size });
      doc.x = doc.page.margins.left + size + 12;
      doc.y = top + 10;
      pdf.text('扫码核验：本协议书是否真实、未经改动', { size: 10, width: width - size - 12 });
      pdf.text(verifyUrl, { size: 7, color: '#666666', width: width - size - 12 });
      doc.x = doc.page.margins.left;
      doc.y = top + size + 8;
    },
  );
}
