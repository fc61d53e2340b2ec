import { describe, expect, it } from 'vitest';
import { featureTokens } from './features.js';

describe('the words the category model counts', () => {
  it('drops punctuation, numbers, counts, function words and uninformative single characters', () => {
    expect(
      featureTokens(['老板', '拖欠', '了', '三十多个', '农民工', '的', '工资', '，', '2026', '说', '狗']),
    ).toEqual(['老板', '拖欠', '农民工', '工资', '狗']);
  });

  it('keeps the unit of a number with a unit, each word once', () => {
    expect(featureTokens(['3万元', '5亩', '亩', '工资', '工资'])).toEqual(['万元', '亩', '工资']);
  });

  it('drops how the writer writes (网格员, 走访, 申请人称), which says nothing of the category', () => {
    expect(featureTokens(['网格员', '走访', '发现', '申请人称', '宅基地'])).toEqual(['宅基地']);
  });
});
