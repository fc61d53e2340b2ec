import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addLexicon, classify, modelOf, trainNaiveBayes } from './naive-bayes.js';

const CLASSES = ['labor', 'traffic', 'other'];
const DOCS = [
  { tokens: ['工资', '老板', '拖欠'], label: 'labor' },
  { tokens: ['工资', '工地', '包工头'], label: 'labor' },
  { tokens: ['工伤', '工厂'], label: 'labor' },
  { tokens: ['交警', '撞', '电动车'], label: 'traffic' },
  { tokens: ['追尾', '保险', '车'], label: 'traffic' },
];

describe('the naive Bayes category model', () => {
  it('counts each word per class and the documents per class', () => {
    const counts = trainNaiveBayes(DOCS, CLASSES);
    expect(counts.docs).toEqual([3, 2, 0]);
    expect(counts.words['工资']).toEqual([2, 0, 0]);
    expect(counts.words['撞']).toEqual([0, 1, 0]);
    expect(Object.keys(counts.words)).toEqual([...Object.keys(counts.words)].sort());
  });

  it('refuses a document of an unknown class', () => {
    expect(() => trainNaiveBayes([{ tokens: ['x'], label: 'nope' }], CLASSES)).toThrow(/unknown class/);
  });

  it('classifies by the known words and names those that weighed for the choice', () => {
    const model = modelOf(trainNaiveBayes(DOCS, CLASSES));
    const c = classify(model, ['老板', '拖欠', '工资', '今天'], 'other');
    expect(c.label).toBe('labor');
    expect(c.confidence).toBeGreaterThan(0.8);
    expect(c.knownTokens).toBe(3);
    expect(c.evidence.map((e) => e.word).sort()).toEqual(['工资', '拖欠', '老板']);
    expect(c.runnerUp).not.toBeNull();
    expect(c.runnerUp!.label).not.toBe('labor');
  });

  it('falls back with confidence 0 when no word is known', () => {
    const model = modelOf(trainNaiveBayes(DOCS, CLASSES));
    expect(classify(model, ['天气', '不错'], 'other')).toEqual({
      label: 'other',
      confidence: 0,
      runnerUp: null,
      evidence: [],
      knownTokens: 0,
    });
  });

  it('lets a lexicon word point to its class though no text had it', () => {
    const counts = addLexicon(trainNaiveBayes(DOCS, CLASSES), { other: ['低保'] }, 12);
    expect(counts.lexiconWeight).toBe(12);
    expect(counts.words['低保']).toEqual([0, 0, 12]);
    expect(counts.docs).toEqual([3, 2, 0]);
    expect(classify(modelOf(counts), ['低保'], 'labor').label).toBe('other');
  });

  it('does not depend on the order of the documents, and its probabilities are probabilities (property)', () => {
    const vocab = ['工资', '老板', '撞', '车', '低保', '邻居', '狗'];
    const doc = fc.record({
      tokens: fc.array(fc.constantFrom(...vocab), { minLength: 1, maxLength: 6 }),
      label: fc.constantFrom(...CLASSES),
    });
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 20 }),
        fc.array(fc.constantFrom(...vocab)),
        (docs, query) => {
          const a = trainNaiveBayes(docs, CLASSES);
          const b = trainNaiveBayes([...docs].reverse(), CLASSES);
          expect(JSON.stringify(a)).toBe(JSON.stringify(b));
          const c = classify(modelOf(a), query, 'other');
          expect(c.confidence).toBeGreaterThanOrEqual(0);
          expect(c.confidence).toBeLessThanOrEqual(1);
          if (c.runnerUp) expect(c.runnerUp.confidence).toBeLessThanOrEqual(c.confidence);
          for (const e of c.evidence) {
            expect(query).toContain(e.word);
            expect(e.weight).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
