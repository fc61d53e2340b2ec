// 我的信息 as a human-readable PDF: the same content as the JSON export, laid out by the house PDF
// toolkit. The resident's own data in clear, the other parties masked, as in the JSON.
import { renderPdf } from '../../documents/pdf.js';
import type { Lang } from '../../http/i18n.js';
import type { MyData } from './my-data.service.js';

const WORDS = {
  zh: {
    title: '我的个人信息',
    exported: '导出时间',
    caseNo: '受理编号',
    state: '状态',
    me: '我的信息',
    other: '对方当事人',
    notice: '同意的隐私告知版本',
    retained: '保存期限',
    retainedOpen: '办结后依法保存',
    followUps: '回访评价',
    access: '查看记录',
    requests: '我的申请',
    none: '无',
    field: { phone: '手机号码', id_number: '身份证号码', address: '地址' } as Record<string, string>,
  },
  en: {
    title: 'My personal information',
    exported: 'Exported',
    caseNo: 'Case no.',
    state: 'State',
    me: 'My data',
    other: 'Other parties',
    notice: 'Privacy notice accepted',
    retained: 'Kept until',
    retainedOpen: 'kept as required once the case ends',
    followUps: 'Ratings',
    access: 'Who viewed my data',
    requests: 'My requests',
    none: 'none',
    field: { phone: 'Phone', id_number: 'ID number', address: 'Address' } as Record<string, string>,
  },
};

const day = (iso: string) => iso.slice(0, 10);

/** The export's PDF (A4, CJK font). */
export function renderMyDataPdf(data: MyData, lang: Lang, createdAt: Date): Promise<Buffer> {
  const w = WORDS[lang === 'en' ? 'en' : 'zh'];
  const dash = (v: string | null) => v ?? '—';
  return renderPdf(
    {
      title: w.title,
      createdAt,
      lang: lang === 'en' ? 'en' : 'zh-CN',
      footer: `${w.exported} ${data.exportedAt}`,
    },
    (pdf) => {
      for (const c of data.cases) {
        pdf.heading(`${c.caseNo} · ${c.title}`);
        pdf.fields([
          [w.state, c.stateText],
          [w.retained, c.retainedUntil ? day(c.retainedUntil) : w.retainedOpen],
          [w.notice, dash(data.privacyNotice.accepted.find((a) => a.caseNo === c.caseNo)?.version ?? null)],
        ]);
        for (const r of c.myRecords) {
          pdf.paragraph(`${w.me}：${r.name} · ${dash(r.phone)} · ${dash(r.idNumber)} · ${dash(r.address)}`);
        }
        for (const o of c.otherParties) {
          pdf.paragraph(
            `${w.other}：${o.name} · ${dash(o.phone)} · ${dash(o.idNumber)} · ${dash(o.address)}`,
          );
        }
        for (const f of c.followUps)
          pdf.paragraph(`${w.followUps}：${day(f.at)} ${dash(f.satisfaction)} ${f.note ?? ''}`);
        for (const s of c.progress) pdf.text(`${day(s.at)}  ${s.text}`, { size: 9 });
        pdf.space();
      }
      pdf.heading(w.access);
      if (data.accessLog.length === 0) pdf.paragraph(w.none);
      for (const a of data.accessLog) {
        pdf.text(
          `${day(a.at)} ${a.caseNo} ${w.field[a.field] ?? a.field} · ${a.role} ${a.unit ?? ''} · ${a.reason}`,
          {
            size: 9,
          },
        );
      }
      pdf.heading(w.requests);
      if (data.requests.length === 0) pdf.paragraph(w.none);
      for (const r of data.requests) {
        pdf.text(
          `${day(r.createdAt)} ${r.kind} ${r.field ? (w.field[r.field] ?? r.field) : ''} · ${r.status}`,
          {
            size: 9,
          },
        );
      }
    },
  );
}
