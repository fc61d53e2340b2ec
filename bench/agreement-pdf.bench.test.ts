// How long the mediation agreement (调解协议书) PDF takes to generate: the first document of a
// process (font read and parsed) and then the median of 30 (run: npx vitest run --config
// bench/vitest.config.ts bench/agreement-pdf.bench.test.ts). Prints figures; asserts no timing.
import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { agreementPdf, type AgreementContent } from '../src/server/modules/mediation/agreement-pdf.js';

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
    { name: '孙经理', role: '企业代表', unit: null },
    { name: '钱师傅', role: '职工代表', unit: null },
  ],
  parties: [
    { role: 'applicant', name: '张三' },
    { role: 'respondent', name: '德州某机械制造有限公司', representative: '孙经理' },
  ],
  facts: '申请人在被申请人处工作期间受伤，双方对工伤赔偿数额有争议，经联合调解。'.repeat(3),
  terms: [
    '被申请人于履行期限内一次性支付申请人工伤赔偿金人民币捌万元整（80,000 元）。',
    '申请人收到上述款项后，双方就本次工伤纠纷再无其他争议。',
    '调解费用由双方各自承担。',
  ],
  performanceDeadline: '2026-04-30',
  place: '神头镇综治中心调解室',
};

it('generates the agreement PDF', async () => {
  const url =
    'https://yimen.example.cn/verify/agreements/0195f000-0000-7000-8000-0000000000a1?d=' + 'a'.repeat(64);
  const at = new Date('2026-03-20T02:00:00Z');
  let t0 = performance.now();
  const first = await agreementPdf(content, url, at);
  const firstMs = performance.now() - t0;
  const times: number[] = [];
  let size = first.length;
  for (let i = 0; i < 30; i++) {
    t0 = performance.now();
    size = (await agreementPdf(content, url, at)).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `agreement PDF: first ${firstMs.toFixed(0)} ms, then median ${times[15]!.toFixed(1)} ms, ` +
      `p90 ${times[27]!.toFixed(1)} ms over 30; ${(size / 1024).toFixed(1)} KiB`,
  );
  expect(size).toBeGreaterThan(0);
});
