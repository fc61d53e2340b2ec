// How long the dossier (卷宗) PDF of an archived case takes to generate: a typical file (40 ledger
// events, three sessions with minutes, one agreement with its performance and judicial
// confirmation, five attachments) and a long one (400 events): the first document of a process
// (font read and parsed) and then the median of 20 (run: npm run bench:pdf). Prints figures;
// asserts no timing.
import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { dossierPdf, type DossierData } from '../src/server/modules/mediation/dossier-pdf.js';

function dossier(events: number): DossierData {
  const minutes =
    '调解员释法明理，介绍工伤保险条例有关规定；申请人陈述受伤经过和治疗费用，被申请人代表说明公司意见。'.repeat(
      4,
    );
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
    description: '申请人在某公司工作期间受伤，公司与申请人对工伤赔偿数额分歧较大，多次协商未果。'.repeat(3),
    address: '陵城区神头镇****',
    parties: [
      { role: 'applicant', name: '张三', phone: '138****5678', idNumber: '371***********1234' },
      { role: 'respondent', name: '德州某机械制造有限公司', phone: null, idNumber: null },
    ],
    events: Array.from({ length: events }, (_, i) => ({
      seq: i + 1,
      at: '2026-03-16 10:00',
      action: ['登记', '分流交办', '受理', '办理', '安排调解', '调解笔录'][i % 6]!,
      unit: '神头镇人民调解委员会',
      actor: '王调解',
      details: [`说明：第 ${i + 1} 次联系当事人，了解赔偿诉求和公司意见，约定调解时间。`],
    })),
    ledger: { intact: true, problem: null, lastHash: 'ab'.repeat(32) },
    mediation: {
      org: '神头镇人民调解委员会',
      lead: '王调解',
      assignedAt: '2026-03-16 10:00',
      members: [
        { name: '李司法', role: '司法所工作人员', unit: '陵城区司法局神头司法所' },
        { name: '赵仲裁', role: '劳动仲裁专家', unit: '陵城区人力资源和社会保障局' },
        { name: '孙经理', role: '企业代表', unit: null },
        { name: '钱师傅', role: '职工代表', unit: null },
      ],
      sessions: [1, 2, 3].map((n) => ({
        n,
        scheduledAt: `2026-03-1${6 + n} 09:00`,
        where: '神头镇综治中心调解室',
        participants: ['张三（申请人）', '孙经理（企业代表）', '赵仲裁（劳动仲裁专家）'],
        status: 'held' as const,
        heldAt: `2026-03-1${6 + n} 09:05`,
        attendance: [
          { name: '张三', present: true },
          { name: '孙经理', present: true },
        ],
        minutes,
        outcome: n === 3 ? 'agreement' : 'continue',
      })),
      agreements: [
        {
          date: '2026-03-19',
          parties: [
            { role: 'applicant', name: '张三' },
            { role: 'respondent', name: '德州某机械制造有限公司', representative: '孙经理' },
          ],
          facts: '申请人在被申请人处工作期间受伤，双方对工伤赔偿数额有争议，经联合调解。',
          terms: ['被申请人一次性支付申请人工伤赔偿金人民币捌万元整。', '双方就本纠纷再无其他争议。'],
          performanceDeadline: '2026-04-30',
          place: '神头镇综治中心调解室',
          digest: 'cd'.repeat(32),
          verifyUrl: `https://yimen.example.cn/verify/agreements/0195f000-0000-7000-8000-0000000000a1?d=${'cd'.repeat(32)}`,
          tracked: [
            { n: 1, dueDay: '2026-04-30', status: 'performed', statusAt: '2026-04-20 10:00', note: null },
          ],
          referrals: [
            {
              court: '陵城区人民法院',
              status: 'confirmed',
              referredAt: '2026-03-20 10:00',
              decidedAt: '2026-03-27 10:00',
              rulingNo: '（2026）鲁1403民特12号',
            },
          ],
        },
      ],
    },
    conclusion: {
      at: '2026-03-19 11:00',
      outcome: 'mediated_agreement',
      guidance: null,
      summary: '调解成功。',
    },
    followUps: [{ at: '2026-03-23 10:00', satisfaction: 'satisfied', note: null }],
    archivedAt: '2026-04-21 10:00',
    attachments: Array.from({ length: 5 }, (_, i) => ({
      name: `证据材料${i + 1}.pdf`,
      size: '120 KB',
      sm3: 'ef'.repeat(32),
      at: '2026-03-15 09:40',
    })),
    exportedAt: '2026-04-22 10:00',
    exportedBy: '李调度',
  };
}

async function measure(label: string, events: number, runs: number) {
  const at = new Date('2026-04-22T02:00:00Z');
  const d = dossier(events);
  let t0 = performance.now();
  const first = await dossierPdf(d, at);
  const firstMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    await dossierPdf(d, at);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pages = (first.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  console.log(
    `dossier PDF (${label}, ${events} events, ${pages} pages): first ${firstMs.toFixed(0)} ms, then median ` +
      `${times[Math.floor(runs / 2)]!.toFixed(1)} ms, p90 ${times[Math.floor(runs * 0.9)]!.toFixed(1)} ms over ${runs}; ` +
      `${(first.length / 1024).toFixed(1)} KiB`,
  );
  return first;
}

it('generates the dossier PDF', async () => {
  expect((await measure('typical', 40, 20)).length).toBeGreaterThan(0);
  expect((await measure('long', 400, 10)).length).toBeGreaterThan(0);
});
