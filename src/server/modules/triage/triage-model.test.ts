// The shipped triage model against its labelled texts: the counts are exactly what training gives
// (the file cannot drift from the texts), and the measured quality stays above its floors. The
// figures are printed for the closing note; `yimen triage --evaluate` prints the same.
import { describe, expect, it } from 'vitest';
import { splitLabelled } from '../../../core/triage/split.js';
import { DEFAULT_CATEGORIES } from '../../../core/workflow/case-model.js';
import { segment } from './segmenter.js';
import { evaluateTriage } from './triage-evaluation.js';
import {
  FRESH_FILE,
  readLabelled,
  readModelCounts,
  serializeCounts,
  trainCounts,
  triageModel,
} from './triage-model.js';
import { suggestTriage } from './triage.service.js';

const records = readLabelled();
const fresh = readLabelled(FRESH_FILE);

describe('the labelled texts', () => {
  it('are several hundred, in every category, written by residents, clerks and grid workers', () => {
    expect(records.length).toBeGreaterThanOrEqual(400);
    for (const c of DEFAULT_CATEGORIES) {
      expect(records.filter((r) => r.category === c.code).length, c.code).toBeGreaterThanOrEqual(25);
    }
    for (const by of ['resident', 'clerk', 'grid']) {
      expect(records.filter((r) => r.by === by).length, by).toBeGreaterThanOrEqual(100);
    }
    const high = records.filter((r) => r.risk === 'red' || r.risk === 'orange');
    expect(high.length).toBeGreaterThanOrEqual(100);
    // threats, self-harm, gatherings and year-end wage arrears are all among them
    for (const word of ['扬言', '跳楼', '上访', '腊月']) {
      expect(
        high.some((r) => r.text.includes(word)),
        word,
      ).toBe(true);
    }
    const { heldOut } = splitLabelled(records);
    expect(heldOut.length).toBeGreaterThanOrEqual(100);
    // no fresh text is a labelled one
    const texts = new Set(records.map((r) => r.text));
    expect(fresh.filter((r) => texts.has(r.text))).toEqual([]);
  });
});

describe('the shipped model', () => {
  it('is exactly what training on the labelled texts gives (retrain with `yimen triage-train`)', () => {
    expect(serializeCounts(readModelCounts())).toBe(serializeCounts(trainCounts(records, segment)));
  });

  it('suggests categories and flags high-risk texts on texts it never saw', () => {
    const report = evaluateTriage(records, triageModel(), segment, fresh);
    const line = (name: string, p: typeof report.heldOut) =>
      `${name}: ${p.texts} texts, category ${p.categoryCorrect}/${p.texts}, high-risk recall ` +
      `${p.highRisk.flagged}/${p.highRisk.labelled}, false high ${p.falseHigh.flagged}/${p.falseHigh.labelled}`;
    console.log(
      [line('held-out', report.heldOut), line('fresh', report.fresh!), line('train', report.train)].join(
        '\n',
      ),
    );
    for (const part of [report.heldOut, report.fresh!]) {
      expect(part.categoryAccuracy).toBeGreaterThanOrEqual(0.72);
      expect(part.highRisk.recall).toBeGreaterThanOrEqual(0.95);
      expect(part.falseHigh.rate).toBeLessThanOrEqual(0.05);
    }
    // the model learned its training part (a broken training step would not)
    expect(report.train.categoryAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('raises a threat text as high risk with its reason, and a plain one as blue', () => {
    const s = suggestTriage({ description: '邻居扬言要报复我们全家，还说要放火烧了我家房子。' });
    expect(s.risk).toBe('red');
    expect(s.reasons).toContainEqual(
      expect.objectContaining({
        rule: 'threat',
        level: 'red',
        words: expect.arrayContaining(['扬言', '报复']),
      }),
    );
    expect(s.category).toBe('neighbor');
    const plain = suggestTriage({ description: '楼上装修噪音很大，影响休息。' });
    expect(plain.risk).toBe('blue');
    expect(plain.reasons[0]).toMatchObject({ rule: 'category', category: 'neighbor' });
  });

  it('weighs the parties, the repeats and the date it is given', () => {
    const text = '包工头拖欠工资三个月不给。';
    expect(suggestTriage({ description: text, at: new Date('2026-07-01T02:00:00Z') }).risk).toBe('blue');
    expect(suggestTriage({ description: text, at: new Date('2027-01-10T02:00:00Z') }).risk).toBe('orange');
    expect(suggestTriage({ description: text, partyCount: 6 }).risk).toBe('orange');
    expect(suggestTriage({ description: text, repeats: 1 }).risk).toBe('yellow');
    // the category already chosen decides the category rule, not the suggestion
    expect(suggestTriage({ description: text, categoryCode: 'medical' }).reasons).toContainEqual(
      expect.objectContaining({ rule: 'sensitive_category', params: { category: 'medical' } }),
    );
  });
});
