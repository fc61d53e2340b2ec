// Which tokens of a segmented description count as words for the category model: no punctuation,
// numbers or function words (的, 了, 我 …), which occur in every category and only add noise.

/** Function words and fillers of complaint texts; they say nothing about the category. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  '的',
  '了',
  '在',
  '是',
  '我',
  '你',
  '他',
  '她',
  '它',
  '我们',
  '你们',
  '他们',
  '她们',
  '和',
  '与',
  '及',
  '或',
  '也',
  '都',
  '就',
  '还',
  '又',
  '再',
  '而',
  '但',
  '但是',
  '因为',
  '所以',
  '如果',
  '这',
  '那',
  '这个',
  '那个',
  '这些',
  '那些',
  '有',
  '没有',
  '被',
  '把',
  '给',
  '对',
  '从',
  '向',
  '到',
  '让',
  '将',
  '于',
  '以',
  '等',
  '着',
  '过',
  '吗',
  '呢',
  '吧',
  '啊',
  '呀',
  '嘛',
  '么',
  '之',
  '其',
  '该',
  '并',
  '很',
  '非常',
  '已',
  '已经',
  '一直',
  '现在',
  '目前',
  '自己',
  '一个',
  '一些',
  '什么',
  '怎么',
  '为',
  '为了',
  '个',
  '上',
  '下',
  '中',
  '里',
  '后',
  '前',
  '时',
  '年',
  '月',
  '日',
  '号',
  '请求',
  '要求',
  '希望',
  '反映',
  '情况',
  '问题',
  '申请人',
  '当事人',
  '双方',
  '一方',
  '对方',
  '多次',
  '协商',
  '未果',
  '无果',
  '帮助',
  '解决',
  '处理',
  '协调',
  // how a clerk or a grid worker writes, not what the dispute is about
  '网格员',
  '网格',
  '走访',
  '走访中',
  '巡查',
  '报告',
  '发现',
  '了解',
  '了解到',
  '申请人称',
  '称',
  '请求',
  '调解',
  '村民',
  '居民',
  '群众',
  '紧急',
  '表示',
  '认为',
  '发生',
  '天天',
  '每天',
  '大家',
  '我家',
  '他家',
  '我们家',
  '有人',
]);

/**
 * One-character words that name a thing of a dispute (狗, 墙, 药 …); every other single character
 * (说, 不, 去, 人 …) is left out as noise.
 */
export const INFORMATIVE_CHARACTERS: ReadonlySet<string> = new Set([
  ...'狗猫牛猪羊鸡鸭鱼树墙门窗路井坟地田亩房屋楼车船药病伤医钱款债借欠租还赔拆征婚嫁娶吵打骂砸撞烧薪厂店水电气煤油',
]);

const PUNCTUATION_OR_NUMBER = /^[\p{P}\p{S}\p{N}\s]+$/u;
// a count in Chinese numerals with its measure word (三十多个, 十几户, 两万): a number, not a topic
const CHINESE_COUNT = /^[零一二两三四五六七八九十百千万亿几数多余来]+[个名户位人家口号岁年月天次元块亩万]?$/u;
const HAS_LETTER = /[\p{L}]/u;

/**
 * The tokens the category model counts, each once (a word repeated in one text is one piece of
 * evidence, which suits short texts better than raw counts): words with a letter, none of the stop
 * words, single characters only when informative.
 */
export function featureTokens(tokens: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    out.push(t);
  };
  for (const raw of tokens) {
    const t = raw.trim().toLowerCase();
    if (!t || PUNCTUATION_OR_NUMBER.test(t) || !HAS_LETTER.test(t) || STOPWORDS.has(t)) continue;
    if (CHINESE_COUNT.test(t) && [...t].length > 1) continue;
    // numbers with a unit (3万元, 20亩) carry the unit only
    const unit = t.replace(/^[\p{N}.]+/u, '');
    if (unit && unit !== t) {
      if (!STOPWORDS.has(unit)) push(unit);
      continue;
    }
    if ([...t].length === 1 && !INFORMATIVE_CHARACTERS.has(t)) continue;
    push(t);
  }
  return out;
}
