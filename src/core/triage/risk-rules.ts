// The explicit risk rules of triage (domain.md, "Analysis and early warning"): words that signal
// violence, self-harm or gathering, group disputes (≥ 5 parties, or a count of people in the text),
// wage arrears near the year end, repeats, and categories that are sensitive in themselves. Each
// rule that fires is a reason with the words that made it fire; the level is the highest of them,
// and a gathering over wages owed at the year end is red (叠加). Word matching runs on the
// segmented text: a one-character word (杀, 砍) only as a token of its own, so that 杀猪 or 砍树 do
// not fire; longer words also inside a longer token (跳楼 in 要跳楼).
import type { RiskLevel } from '../workflow/case-model.js';

/** The rules, in the order their reasons are listed. */
export const RISK_RULES = [
  'threat',
  'self_harm',
  'gathering',
  'group',
  'wage_arrears_year_end',
  'repeat',
  'conflict',
  'sensitive_category',
] as const;
export type RiskRule = (typeof RISK_RULES)[number];

/** One rule that fired, and why. */
export interface RiskReason {
  rule: RiskRule;
  level: RiskLevel;
  /** the words of the text that fired it (none for rules on counts or the category) */
  words: string[];
  /** numbers behind it: parties, people counted in the text, earlier cases */
  params?: Record<string, number | string>;
}

export interface RiskInput {
  /** the description as segmented (tokens in order) */
  tokens: readonly string[];
  /** the description itself */
  text: string;
  /** the number of parties registered with the case, when known */
  partyCount?: number;
  /** earlier cases of the same person or address within the repeat window, when known */
  repeats?: number;
  /** whether the case is registered in the year-end period (see isYearEndPeriod), when known */
  yearEnd?: boolean;
  /** the category, when decided (given by the registering person or suggested) */
  categoryCode?: string;
}

export interface RiskAssessment {
  level: RiskLevel;
  reasons: RiskReason[];
}

/** The order of levels, lowest first. */
export const LEVEL_ORDER: readonly RiskLevel[] = ['blue', 'yellow', 'orange', 'red'];
const rank = (l: RiskLevel) => LEVEL_ORDER.indexOf(l);

/** The higher of two levels. */
export function maxLevel(a: RiskLevel, b: RiskLevel): RiskLevel {
  return rank(a) >= rank(b) ? a : b;
}

/** Orange and red: the levels a warning is raised for. */
export function isHighRisk(level: RiskLevel): boolean {
  return rank(level) >= rank('orange');
}

/** Words that threaten violence or revenge (扬言). */
export const THREAT_WORDS = [
  '扬言',
  '报复',
  '弄死',
  '打死',
  '砍死',
  '杀了',
  '杀人',
  '杀掉',
  '杀他',
  '杀',
  '砍',
  '捅',
  '宰了',
  '同归于尽',
  '拼命',
  '拼了',
  '放火',
  '汽油',
  '液化气罐',
  '煤气罐',
  '硫酸',
  '投毒',
  '下毒',
  '点燃',
  '报仇',
  '鱼死网破',
  '一命换一命',
  '一起完蛋',
  '赶尽杀绝',
  '纵火',
  '点了他',
  '炸药',
  '炸了',
  '血债',
  '恐吓',
  '威胁要',
  '不得好死',
  '持刀',
  '拿刀',
  '打砸',
  '带刀',
  '动刀',
  '菜刀',
  '刀子',
] as const;

/**
 * Phrases that segmentation splits unevenly, as patterns on the text: an ultimatum with a violent
 * act (再不赔就把厂子砸了), 让你好看, burning or running someone down, breaking a leg, revenge.
 */
export const THREAT_PATTERNS: readonly RegExp[] = [
  /(?:再不|要是不|如果不|若不)[^。！？]{0,16}就[^。！？]{0,12}(?:砸|烧|炸|杀|砍|捅|弄死|打断|拼)/,
  /[让要给](?:我|你|他|她|你们|他们)好看/,
  /烧(?:他|她|你|掉|死)/,
  /开车撞(?:他|她|你)/,
  /打断[^，。]{0,3}腿|腿打断/,
  /报[^，。]{0,3}仇/,
  /威胁(?:我|他|她|要|说)/,
  /(?:房子|车|店)[^，。]{0,3}点了/,
];

/** A sit-in at a door (在老板办公室门口坐了三天) is a gathering of one; going over the level's head. */
export const GATHERING_PATTERNS: readonly RegExp[] = [
  /门口(?:坐|躺|跪)(?:了|着)/,
  // going over the level's head: 去省里, 到北京 (as the end of a sentence, or to complain there)
  /(?:去|到|上)(?:市里|省里|北京|县里|市政府|省政府|县政府)(?:[。！!，,；]|$|[^，。]{0,6}(?:上访|反映|讨|告状|闹|要说法))/,
];

/** Words that signal self-harm (轻生). */
export const SELF_HARM_WORDS = [
  '轻生',
  '自杀',
  '跳楼',
  '跳河',
  '跳井',
  '跳桥',
  '上吊',
  '割腕',
  '喝药',
  '喝农药',
  '服毒',
  '安眠药',
  '跳下去',
  '不活了',
  '活着也没意思',
  '活着没意思',
  '遗书',
  '自焚',
  '我就死',
  '寻死',
  '寻短见',
  '不想活',
  '活不下去',
  '活不成',
  '死给',
  '一死了之',
  '以死相逼',
] as const;

/** Words that signal a gathering or a petition beyond the level (聚集, 上访). */
export const GATHERING_WORDS = [
  '聚集',
  '聚众',
  '上访',
  '群访',
  '越级',
  '进京',
  '赴京',
  '集体上访',
  '集体讨薪',
  '集体维权',
  '围堵',
  '堵门',
  '堵路',
  '堵大门',
  '拦路',
  '拦车',
  '横幅',
  '静坐',
  '游行',
  '示威',
  '冲击',
  '闹事',
  '政府门口',
  '联名',
  '串联',
  '媒体曝光',
  '网上曝光',
  '发抖音',
  '号召',
  '集合',
  '相约',
  '签名',
] as const;

/** Words that by themselves name a group of people (a count is read from numbers separately). */
export const GROUP_WORDS = ['全村', '全体业主', '一群', '大批', '众多', '群体'] as const;

/** Words of wages owed (欠薪); a labor contractor (包工头) named with money owed means wages too. */
export const WAGE_WORDS = [
  '工资',
  '欠薪',
  '工钱',
  '薪水',
  '薪资',
  '劳务费',
  '讨薪',
  '血汗钱',
  '工费',
  '人工费',
  '包工头',
  '工头',
] as const;
/** Words that say the money is owed, not merely disputed. */
export const OWED_WORDS = [
  '欠',
  '拖欠',
  '拖',
  '没发',
  '未发',
  '不发',
  '没给',
  '不给',
  '未付',
  '未支付',
  '讨',
  '要不到',
  '要不回',
  '拿不到',
  '没拿到',
  '没拿回来',
  '没结',
  '未结清',
  '欠薪',
  '讨薪',
] as const;
/** Words of the year end, when unpaid wages hurt most (腊月, 年底, 春节). */
export const YEAR_END_WORDS = ['腊月', '年底', '年末', '年关', '春节', '过年', '岁末', '小年'] as const;

/** Words that say the request came before (多次反映, 第三次): a repeat told by the text itself. */
export const REPEAT_WORDS = [
  '多次反映',
  '反复反映',
  '多次投诉',
  '多次到',
  '多次找',
  '再次反映',
  '屡次',
  '第二次',
  '第三次',
  '又一次',
  '一直没人管',
  '至今未解决',
] as const;

/** Words that tell of a physical or heated conflict already under way. */
export const CONFLICT_WORDS = [
  '打架',
  '殴打',
  '打伤',
  '打人',
  '动手',
  '推搡',
  '厮打',
  '斗殴',
  '冲突',
  '辱骂',
  '谩骂',
  '情绪激动',
  '情绪激烈',
  '激化',
  '砸',
  '掀翻',
  '出警',
  '家暴',
  '推我',
  '互殴',
  '推倒',
  '围着不让',
  '赶出来',
  '打了一顿',
] as const;

/** Categories that are sensitive in themselves (征地拆迁, 医疗纠纷): at least yellow. */
export const SENSITIVE_CATEGORIES: readonly string[] = ['expropriation', 'medical'];

/** Parties (or people counted in the text) from which a dispute is a group dispute (群体性). */
export const GROUP_THRESHOLD = 5;

/** Words right before a signal word that negate it (没有扬言, 并未威胁). */
const NEGATIONS = ['没有', '并未', '从未', '不是', '并非', '没', '未', '无'];

/**
 * The words of `lexicon` found in a description: a one-character word only as a token of its own
 * (杀, not 杀猪), a longer word anywhere in the text (跳楼 in 要跳楼, 政府门口 across 县政府/门口);
 * a word right after a negation does not count. A longer word found makes its own parts
 * redundant as evidence (喝农药, not 农药 as well).
 */
export function findWords(tokens: readonly string[], text: string, lexicon: readonly string[]): string[] {
  const found: string[] = [];
  const negated = (before: string) => NEGATIONS.some((n) => before.endsWith(n));
  for (const word of lexicon) {
    let hit = false;
    if (word.length === 1) {
      hit = tokens.some((t, i) => t === word && !NEGATIONS.includes(tokens[i - 1] ?? ''));
    } else {
      for (let at = text.indexOf(word); at >= 0 && !hit; at = text.indexOf(word, at + 1)) {
        hit = !negated(text.slice(Math.max(0, at - 2), at));
      }
    }
    if (hit) found.push(word);
  }
  return withoutParts(found);
}

/** Drops words contained in another word of the list (喝农药 makes 农药 redundant). */
function withoutParts(words: readonly string[]): string[] {
  const unique = [...new Set(words)];
  return unique.filter((w) => !unique.some((o) => o !== w && o.includes(w)));
}

const DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * A count written in digits or Chinese numerals (三十五, 二十, 一百二十, 十几, 几十, 数十) as a lower
 * bound; null when it is not one. 几 and 数 before a unit read as 2 (几十 = 20), elsewhere as 1 (十几 = 11).
 */
export function parseCount(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零一二两三四五六七八九十百千几数]+$/.test(s)) return null;
  const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let current = 0;
  const chars = [...s];
  chars.forEach((ch, i) => {
    if (ch in DIGITS) current = DIGITS[ch]!;
    else if (ch === '几' || ch === '数') current = (chars[i + 1] ?? '') in UNITS ? 2 : 1;
    else {
      total += (current || 1) * UNITS[ch]!;
      current = 0;
    }
  });
  return total + current;
}

// a number of people: 三十多个农民工, 20余名工人, 十几户村民, 四十多号人; never money, area or time (3万元, 5亩)
const PEOPLE =
  /(\d+|[零一二两三四五六七八九十百千几数]+)\s*(?:多|余|来)?\s*(?:名|个|户|位|人|家|口|号人)(?![月天年次元亩平方米小时])/g;
const NOT_PEOPLE_AFTER = /^(?:孩子|子女|儿子|女儿|小孩|月|星期|小时|钟头|工作日)/;

/** The largest number of people the text speaks of (三十多个农民工 → 30), or 0. */
export function peopleCount(text: string): number {
  let best = 0;
  for (const m of text.matchAll(PEOPLE)) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    if (NOT_PEOPLE_AFTER.test(after)) continue;
    const n = parseCount(m[1]!);
    if (n !== null && n > best) best = n;
  }
  return best;
}

/**
 * Whether an instant falls in the year-end period, when wage arrears are most explosive: December,
 * January and February up to the 20th (the Spring Festival falls between 21 January and 20
 * February), in China Standard Time.
 */
export function isYearEndPeriod(at: Date): boolean {
  const cst = new Date(at.getTime() + 8 * 3600_000);
  const month = cst.getUTCMonth() + 1;
  return month === 12 || month === 1 || (month === 2 && cst.getUTCDate() <= 20);
}

/** The substrings of `text` the patterns match (first match of each). */
export function findPatterns(text: string, patterns: readonly RegExp[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    const m = p.exec(text);
    if (m && !out.includes(m[0])) out.push(m[0]);
  }
  return out;
}

/** Applies every rule; the level is the highest fired (a year-end wage gathering: red). */
export function assessRisk(input: RiskInput): RiskAssessment {
  const { tokens, text } = input;
  const reasons: RiskReason[] = [];
  const add = (rule: RiskRule, level: RiskLevel, words: string[], params?: RiskReason['params']) =>
    reasons.push({ rule, level, words, ...(params ? { params } : {}) });

  const threat = withoutParts([
    ...findWords(tokens, text, THREAT_WORDS),
    ...findPatterns(text, THREAT_PATTERNS),
  ]);
  if (threat.length) add('threat', 'red', threat);
  const selfHarm = findWords(tokens, text, SELF_HARM_WORDS);
  if (selfHarm.length) add('self_harm', 'red', selfHarm);
  const gathering = withoutParts([
    ...findWords(tokens, text, GATHERING_WORDS),
    ...findPatterns(text, GATHERING_PATTERNS),
  ]);
  if (gathering.length) add('gathering', 'orange', gathering);

  const counted = peopleCount(text);
  const groupWords = findWords(tokens, text, GROUP_WORDS);
  const parties = input.partyCount ?? 0;
  if (parties >= GROUP_THRESHOLD || counted >= GROUP_THRESHOLD || groupWords.length) {
    const params: Record<string, number> = {};
    if (parties >= GROUP_THRESHOLD) params.parties = parties;
    if (counted >= GROUP_THRESHOLD) params.people = counted;
    add('group', 'orange', groupWords, params);
  }

  const wage = findWords(tokens, text, WAGE_WORDS);
  const owed = findWords(tokens, text, OWED_WORDS);
  const yearEndWords = findWords(tokens, text, YEAR_END_WORDS);
  if (wage.length && owed.length && (yearEndWords.length || input.yearEnd)) {
    add(
      'wage_arrears_year_end',
      'orange',
      [...wage, ...yearEndWords],
      yearEndWords.length ? undefined : { period: 'year_end' },
    );
  }

  const repeats = input.repeats ?? 0;
  const repeatWords = findWords(tokens, text, REPEAT_WORDS);
  if (repeats >= 1 || repeatWords.length) {
    add(
      'repeat',
      repeats >= 2 ? 'orange' : 'yellow',
      repeatWords,
      repeats >= 1 ? { earlier: repeats } : undefined,
    );
  }

  const conflict = findWords(tokens, text, CONFLICT_WORDS);
  if (conflict.length) add('conflict', 'yellow', conflict);

  if (input.categoryCode && SENSITIVE_CATEGORIES.includes(input.categoryCode)) {
    add('sensitive_category', 'yellow', [], { category: input.categoryCode });
  }

  let level: RiskLevel = 'blue';
  for (const r of reasons) level = maxLevel(level, r.level);
  // 叠加: workers owed their wages at the year end who are about to gather is the classic flashpoint
  const fired = new Set(reasons.map((r) => r.rule));
  if (fired.has('gathering') && fired.has('wage_arrears_year_end')) level = 'red';
  return { level, reasons };
}
