// The keys that find a returning person or place (重复诉求) without comparing clear personal data:
// the server turns each into an HMAC blind index. A person's name is keyed by its pinyin, so 张伟
// typed at the window, 张 伟 typed on a phone and "ZHANG Wei" typed by a hotline operator meet,
// and so do 张玮 and 章伟: the same full name by sound is a repeat CANDIDATE, which is why such a
// match counts only within one township and only together with the other evidence the warning
// shows (never alone as a confirmed repeat).
import { pinyin } from 'pinyin-pro';
import { normalizeAddress } from '../base-info/fields.js';

const SEPARATORS = /[\s·•．.\-_'’,，]/gu;
const HAN = /\p{Script=Han}/u;

/**
 * The normalized pinyin of a person's name, without tones or spaces, ü as v: 张伟, 张 伟, 张玮 and
 * "ZHANG Wei" all give 'zhangwei'; surnames read as surnames (单 shan, 曾 zeng). Null when the name
 * has nothing to key (empty, or characters that are neither Han nor Latin letters).
 */
export function namePinyinKey(name: string): string | null {
  const compact = name.normalize('NFKC').replace(SEPARATORS, '');
  if (!compact) return null;
  if (!/^[\p{Script=Han}a-zA-Z]+$/u.test(compact)) return null;
  if (!HAN.test(compact)) return compact.toLowerCase();
  const syllables = pinyin(compact, {
    toneType: 'none',
    type: 'array',
    surname: 'head',
    v: true,
    nonZh: 'consecutive',
  });
  const key = syllables.join('').toLowerCase();
  return /^[a-z]+$/.test(key) ? key : null;
}

/** Addresses shorter than this after normalizing (本村, 3号) say too little to call a repeat. */
export const MIN_ADDRESS_KEY_LENGTH = 6;

/** The normalized address used as a repeat key, or null when it is too short to mean a place. */
export function addressKey(address: string | null | undefined): string | null {
  if (!address) return null;
  const key = normalizeAddress(address);
  return [...key].length >= MIN_ADDRESS_KEY_LENGTH ? key : null;
}

/** Days within which an earlier case of the same person or address makes a new one a repeat. */
export const REPEAT_WINDOW_DAYS = 90;
