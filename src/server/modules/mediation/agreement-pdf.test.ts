import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../../test/helpers/pdf-text.js';
import { agreementPdf, type AgreementContent } from './agreement-pdf.js';

const content: AgreementContent = {
  agreementId: '0195f000-0000-7000-8000-0000000000a1',
  caseId: '0195f000-0000-7000-8000-0000000000c1',
  caseNo: '371403105-20260315-0001',
  date: '2026-03-20',
  orgName: '神头镇人民调解委员会',
  leadMediator: '王调解',
  team: [
    { name: '李司法', role: '司法所工作人员', unit: '神头镇司法所' },
    { name: '赵仲裁', role: '劳动仲裁专家', unit: '陵城区人力资源和社会保障局' },
  ],
  parties: [
    { role: 'applicant', name: '张三' },
    { role: 'respondent', name: '德州某机械制造有限公司', representative: '孙经理' },
  ],
  facts: '申请人在被申请人处工作期间受伤，双方对工伤赔偿数额有争议。',
  terms: ['被申请人一次性支付申请人工伤赔偿金人民币捌万元整（80,000 元）。', '双方就本纠纷再无其他争议。'],
  performanceDeadline: '2026-04-30',
  place: '神头镇综治中心调解室',
};

describe('the mediation agreement PDF', () => {
  it('says the parties, team, facts, terms and deadline in Chinese, with a QR code of its check', async () => {
    const url = 'http://localhost:3000/verify/agreements/x?d=abc';
    const pdf = await agreementPdf(content, url, new Date('2026-03-20T02:00:00Z'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, '');
    for (const s of [
      '人民调解协议书',
      '申请人：张三',
      '被申请人：德州某机械制造有限公司（代表人：孙经理）',
      '劳动仲裁专家：赵仲裁',
      '牵头调解员：王调解',
      '一、被申请人一次性支付申请人工伤赔偿金人民币捌万元整（80,000元）。',
      '二、双方就本纠纷再无其他争议。',
      '2026年4月30日前履行完毕',
      '371403105-20260315-0001',
      '签名',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain(url.replace(/\s+/g, ''));
    expect(pdf.toString('latin1')).toContain('/Subtype /Image');
  });
});
