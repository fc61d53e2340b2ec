import { describe, expect, it } from 'vitest';
import { pdfPages, pdfText } from '../../../../test/helpers/pdf-text.js';
import { ACTION_ZH, LEDGER_ACTIONS } from './dossier-labels.js';
import { eventLines } from './dossier.service.js';
import { DOSSIER_SECTIONS, dossierPdf, type DossierData } from './dossier-pdf.js';

const squash = (s: string) => s.replace(/\s+/g, '');

function data(events: number): DossierData {
  return {
    caseNo: '371403105-20260315-0001',
    title: '工伤赔偿纠纷',
    state: '已归档',
    category: '劳动争议',
    channel: '窗口',
    region: '德州市陵城区神头镇',
    center: '陵城区神头镇综治中心',
    registeredAt: '2026-03-15 09:30',
    riskLevel: '黄',
    description: '申请人在某公司工作期间受伤，双方对工伤赔偿数额分歧较大。',
    address: null,
    parties: [
      { role: 'applicant', name: '张三', phone: '138****5678', idNumber: null },
      { role: 'respondent', name: '德州某机械制造有限公司', phone: null, idNumber: null },
    ],
    events: Array.from({ length: events }, (_, i) => ({
      seq: i + 1,
      at: '2026-03-16 10:00',
      action: i === 0 ? '登记' : '办理',
      unit: '神头镇人民调解委员会',
      actor: '王调解',
      details: [`说明：第 ${i + 1} 次电话联系当事人，了解赔偿诉求和公司意见。`],
    })),
    ledger: { intact: true, problem: null, lastHash: 'a'.repeat(64) },
    mediation: {
      org: '神头镇人民调解委员会',
      lead: '王调解',
      assignedAt: '2026-03-16 10:00',
      members: [{ name: '赵仲裁', role: '劳动仲裁专家', unit: '陵城区人力资源和社会保障局' }],
      sessions: [
        {
          n: 1,
          scheduledAt: '2026-03-17 09:00',
          where: '神头镇综治中心调解室',
          participants: ['张三（申请人）', '赵仲裁（劳动仲裁专家）'],
          status: 'held',
          heldAt: '2026-03-17 09:05',
          attendance: [{ name: '张三', present: true }],
          minutes: '释法明理，双方就赔偿数额达成一致。',
          outcome: 'agreement',
        },
      ],
      agreements: [
        {
          date: '2026-03-17',
          parties: [
            { role: 'applicant', name: '张三' },
            { role: 'respondent', name: '德州某机械制造有限公司', representative: '孙经理' },
          ],
          facts: '申请人在被申请人处工作期间受伤。',
          terms: ['被申请人支付工伤赔偿金捌万元。', '双方再无其他争议。'],
          performanceDeadline: '2026-04-30',
          place: '神头镇综治中心调解室',
          digest: 'b'.repeat(64),
          verifyUrl: 'http://localhost/verify/agreements/x?d=b',
          tracked: [
            { n: 1, dueDay: '2026-04-30', status: 'performed', statusAt: '2026-04-20 10:00', note: null },
          ],
          referrals: [
            {
              court: '陵城区人民法院',
              status: 'confirmed',
              referredAt: '2026-03-18 10:00',
              decidedAt: '2026-03-25 10:00',
              rulingNo: '（2026）鲁1403民特12号',
            },
          ],
        },
      ],
    },
    conclusion: {
      at: '2026-03-17 10:00',
      outcome: 'mediated_agreement',
      guidance: null,
      summary: '调解成功。',
    },
    followUps: [{ at: '2026-03-20 10:00', satisfaction: 'satisfied', note: null }],
    archivedAt: '2026-04-21 10:00',
    attachments: [{ name: '伤情鉴定.pdf', size: '120 KB', sm3: 'c'.repeat(64), at: '2026-03-15 09:40' }],
    exportedAt: '2026-04-22 10:00',
    exportedBy: '李调度',
  };
}

describe('the dossier PDF (卷宗)', () => {
  it('opens with a table of contents whose page numbers are where each section starts', async () => {
    // a long ledger pushes the later sections onto later pages
    const pdf = await dossierPdf(data(120), new Date('2026-04-22T02:00:00Z'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdfPages(pdf).map(squash);
    expect(pages[0]).toContain('案件卷宗');
    expect(pages[0]).toContain('目录');
    let last = 1;
    for (const title of DOSSIER_SECTIONS) {
      const m = new RegExp(`${squash(title).replace(/[()（）]/g, '\\$&')}(\\d+)`).exec(pages[0]!);
      expect(m, title).not.toBeNull();
      const page = Number(m![1]);
      expect(page).toBeGreaterThan(last);
      // the section's heading is the first line of that page after the header
      expect(pages[page - 1]!.indexOf(squash(title)), title).toBeGreaterThanOrEqual(0);
      last = page;
    }
    // the ledger took more than one page
    const ledgerStart = Number(/二、办理过程（案件台账）(\d+)/.exec(pages[0]!)![1]);
    const teamStart = Number(/三、调解组织与调解团队(\d+)/.exec(pages[0]!)![1]);
    expect(teamStart - ledgerStart).toBeGreaterThan(1);
    // bookmarks for each section, and links from the contents to them
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/Outlines');
    expect((raw.match(/\/Dest \/s\d|\/D \/s\d|\/S \/GoTo/g) ?? []).length).toBeGreaterThan(0);
    expect(pages.at(-1)).toContain(`第${pages.length}页/共${pages.length}页`);
  });

  it('says the registration, minutes, agreement, performance, judicial confirmation and follow-up', async () => {
    const text = squash(pdfText(await dossierPdf(data(3), new Date('2026-04-22T02:00:00Z'))));
    for (const s of [
      '371403105-20260315-0001',
      '申请人：张三（电话138****5678）',
      '台账哈希链校验：完整',
      '第1次调解',
      '释法明理，双方就赔偿数额达成一致。',
      '劳动仲裁专家：赵仲裁（陵城区人力资源和社会保障局）',
      '一、被申请人支付工伤赔偿金捌万元。',
      '第1条（2026年4月30日前）：已履行',
      '陵城区人民法院：裁定确认有效',
      '（2026）鲁1403民特12号',
      '办结结果：调解成功',
      '满意',
      '伤情鉴定.pdf',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('has a word for every action a ledger may hold; a case without mediation says so', async () => {
    for (const a of LEDGER_ACTIONS) expect(ACTION_ZH[a], a).toBeTruthy();
    const plain = { ...data(2), mediation: null, conclusion: null, followUps: [], attachments: [] };
    const text = squash(pdfText(await dossierPdf(plain, new Date('2026-04-22T02:00:00Z'))));
    expect(text).toContain('本案未组建调解团队');
    expect(text).toContain('无调解会记录');
    expect(text).toContain('无附件');
  });

  it('reads back whatever hex a digest holds: ligatures (ff, fi) before Chinese do not shift the text', async () => {
    // digests are random hex; "ff" is drawn as one ligature glyph whose ToUnicode entry holds two
    // code units, which a reader must not count as two entries
    const d = { ...data(2), ledger: { intact: true, problem: null, lastHash: `ff${'e'.repeat(62)}` } };
    d.events[0]!.details = ['说明：摘要 ffi-fl—— 后接中文：登记信息'];
    const text = squash(pdfText(await dossierPdf(d, new Date('2026-04-22T02:00:00Z'))));
    expect(text).toContain('摘要ffi-fl——后接中文：登记信息');
    expect(text).toContain('陵城区神头镇综治中心·案件卷宗');
  });

  it('names units, outcomes and texts of an event, not raw ids', () => {
    const unit = '0195f000-0000-7000-8000-0000000000u1';
    const lines = eventLines(
      'conclude',
      { outcome: 'mediation_failed', guidance: 'arbitration', summary: '调解不成', unit_id: unit },
      (id) => (id === unit ? '神头镇人民调解委员会' : null),
    );
    expect(lines).toEqual([
      '单位：神头镇人民调解委员会',
      '结果：调解不成',
      '引导渠道：仲裁',
      '办理结果：调解不成',
    ]);
    expect(
      eventLines('judicial_confirmation_updated', { status: 'confirmed', ruling_no: 'X1' }, () => null),
    ).toEqual(['状态：裁定确认有效', '裁定书文号：X1']);
  });
});
