import fc from 'fast-check';
import type { RiskLevel } from '../workflow/case-model.js';
import { describe, expect, it } from 'vitest';
import {
  GROUP_THRESHOLD,
  LEVEL_ORDER,
  SELF_HARM_WORDS,
  THREAT_WORDS,
  assessRisk,
  findWords,
  isHighRisk,
  isYearEndPeriod,
  maxLevel,
  parseCount,
  peopleCount,
} from './risk-rules.js';

// a stand-in for jieba: the test texts are written with spaces between words
const words = (text: string) => text.split(/\s+/).filter(Boolean);
const assess = (spaced: string, extra: Partial<Parameters<typeof assessRisk>[0]> = {}) =>
  assessRisk({ tokens: words(spaced), text: spaced.replace(/\s+/g, ''), ...extra });
const rulesOf = (a: ReturnType<typeof assessRisk>) => a.reasons.map((r) => r.rule);

describe('the risk rules', () => {
  it('raises a threat as red, naming the words that fired', () => {
    const a = assess('他 扬言 要 报复 村支书 一家');
    expect(a.level).toBe('red');
    expect(a.reasons).toEqual([{ rule: 'threat', level: 'red', words: ['扬言', '报复'] }]);
  });

  it('raises self-harm as red, also across word boundaries (喝 + 农药)', () => {
    const a = assess('再 不 解决 我 就 喝 农药');
    expect(a.level).toBe('red');
    expect(a.reasons[0]).toMatchObject({ rule: 'self_harm', words: ['喝农药'] });
  });

  it('reads a one-character word only as a word of its own: 杀猪 and 砍树 are no threat', () => {
    expect(assess('邻居 杀猪 把 血水 倒 在 沟 里').level).toBe('blue');
    expect(assess('在 地边 砍树 砸坏 管道').level).toBe('blue');
    expect(assess('他 说 要 杀 你 全家').reasons[0]).toMatchObject({ rule: 'threat', words: ['杀'] });
  });

  it('ignores a signal word right after a negation', () => {
    expect(assess('对方 并未 扬言 报复 只是 吵 了 几句').reasons.map((r) => r.words)).toEqual([['报复']]);
    expect(assess('他 没有 扬言 什么').level).toBe('blue');
  });

  it('flags a gathering or a petition over the level’s head as orange', () => {
    expect(assess('大家 准备 去 县政府 上访').level).toBe('orange');
    expect(assess('再 不 给 说法 就 去 省里 。').reasons[0]).toMatchObject({ rule: 'gathering' });
    // going to the city for a check-up is no petition
    expect(assess('又 去 市里 查 出来 是 纱布').level).toBe('blue');
  });

  it('counts a group from the parties or from the people the text speaks of', () => {
    expect(assess('邻居 占 道', { partyCount: GROUP_THRESHOLD }).reasons).toEqual([
      { rule: 'group', level: 'orange', words: [], params: { parties: 5 } },
    ]);
    expect(assess('邻居 占 道', { partyCount: GROUP_THRESHOLD - 1 }).level).toBe('blue');
    expect(assess('二十余名 工人 讨要 说法').reasons[0]).toMatchObject({ params: { people: 20 } });
    // money, area and children are not people
    expect(assess('欠款 3万元 5亩 地 两个 孩子').level).toBe('blue');
  });

  it('flags wage arrears at the year end, by its words or by the date', () => {
    expect(assess('腊月 了 包工头 还 拖欠 工资').reasons).toEqual([
      { rule: 'wage_arrears_year_end', level: 'orange', words: ['工资', '包工头', '腊月'] },
    ]);
    expect(assess('老板 拖欠 工资').level).toBe('blue');
    expect(assess('老板 拖欠 工资', { yearEnd: true }).reasons[0]).toMatchObject({
      rule: 'wage_arrears_year_end',
      params: { period: 'year_end' },
    });
    // wages talked about, not owed
    expect(assess('年底 加班 工资 怎么 算', { yearEnd: true }).level).toBe('blue');
  });

  it('makes a year-end wage gathering red (叠加), while a group that gathers stays orange', () => {
    expect(assess('腊月 拖欠 工资 明天 去 政府门口 拉 横幅').level).toBe('red');
    expect(assess('二十多户 村民 聚集 在 村委会').level).toBe('orange');
  });

  it('counts repeats: once yellow, twice or more orange', () => {
    expect(assess('邻居 占 道', { repeats: 1 }).level).toBe('yellow');
    expect(assess('邻居 占 道', { repeats: 3 }).reasons).toEqual([
      { rule: 'repeat', level: 'orange', words: [], params: { earlier: 3 } },
    ]);
    expect(assess('这 是 第三次 来 反映').reasons[0]).toMatchObject({ rule: 'repeat', words: ['第三次'] });
  });

  it('keeps sensitive categories and conflicts at least yellow', () => {
    expect(assess('补偿 偏低', { categoryCode: 'expropriation' }).level).toBe('yellow');
    expect(assess('双方 发生 推搡').reasons[0]).toMatchObject({ rule: 'conflict', words: ['推搡'] });
  });

  it('lists reasons in the order of the rules, each with the words found in the text', () => {
    const text = '扬言 同归于尽 还 要 喝药 ， 三十多个 工人 腊月 讨薪 去 上访 ， 多次反映 ， 打人';
    const a = assess(text, { partyCount: 6, repeats: 2, categoryCode: 'medical' });
    expect(rulesOf(a)).toEqual([
      'threat',
      'self_harm',
      'gathering',
      'group',
      'wage_arrears_year_end',
      'repeat',
      'conflict',
      'sensitive_category',
    ]);
    for (const r of a.reasons) for (const w of r.words) expect(text.replace(/\s+/g, '')).toContain(w);
  });

  it('never lowers the level when words are added (property)', () => {
    const vocabulary = [
      ...THREAT_WORDS,
      ...SELF_HARM_WORDS,
      '上访',
      '工资',
      '拖欠',
      '腊月',
      '邻居',
      '道路',
      '，',
    ];
    const text = fc.array(fc.constantFrom(...vocabulary), { maxLength: 12 });
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 8 }), (a, b, parties) => {
        const one = assessRisk({ tokens: a, text: a.join(''), partyCount: parties });
        const both = assessRisk({
          tokens: [...a, '。', ...b],
          text: [...a, '。', ...b].join(''),
          partyCount: parties,
        });
        expect(LEVEL_ORDER.indexOf(both.level)).toBeGreaterThanOrEqual(LEVEL_ORDER.indexOf(one.level));
        // the level is the highest reason's, or red for the one combination
        const top = one.reasons.reduce<RiskLevel>((l, r) => maxLevel(l, r.level), 'blue');
        expect([top, 'red']).toContain(one.level);
        expect(isHighRisk(one.level)).toBe(one.level === 'orange' || one.level === 'red');
      }),
    );
  });
});

describe('counts and dates', () => {
  it('parses counts in Chinese numerals as lower bounds', () => {
    expect(parseCount('35')).toBe(35);
    expect(parseCount('三十五')).toBe(35);
    expect(parseCount('二十')).toBe(20);
    expect(parseCount('十')).toBe(10);
    expect(parseCount('一百二十')).toBe(120);
    expect(parseCount('十几')).toBe(11);
    expect(parseCount('几十')).toBe(20);
    expect(parseCount('数十')).toBe(20);
    expect(parseCount('两')).toBe(2);
    expect(parseCount('多')).toBeNull();
  });

  it('finds the largest number of people in a text', () => {
    expect(peopleCount('三十多个农民工和20余名工人')).toBe(30);
    expect(peopleCount('四十多号人的工钱')).toBe(40);
    expect(peopleCount('十几户村民')).toBe(11);
    expect(peopleCount('借了3万元，种了5亩地，有两个孩子，干了八个月')).toBe(0);
  });

  it('knows the year-end period in China Standard Time', () => {
    expect(isYearEndPeriod(new Date('2026-11-30T15:59:59Z'))).toBe(false); // 30 Nov 23:59 CST
    expect(isYearEndPeriod(new Date('2026-11-30T16:00:00Z'))).toBe(true); // 1 Dec 00:00 CST
    expect(isYearEndPeriod(new Date('2027-02-20T12:00:00Z'))).toBe(true);
    expect(isYearEndPeriod(new Date('2027-02-20T16:00:00Z'))).toBe(false); // 21 Feb CST
    expect(isYearEndPeriod(new Date('2026-07-01T00:00:00Z'))).toBe(false);
  });

  it('finds words across tokens and keeps only the longest of nested finds', () => {
    expect(findWords(['集体', '上访'], '集体上访', ['上访', '集体上访'])).toEqual(['集体上访']);
    expect(findWords(['不想', '活', '了'], '不想活了', ['不想活'])).toEqual(['不想活']);
  });
});
