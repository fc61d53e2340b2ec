// The one place jieba is loaded (@node-rs/jieba, its prebuilt binary from npm; dictionary from the
// package). Loading the dictionary takes ~0.1 s, so it happens once per process, on first use.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Segment } from '../../../core/triage/triage.js';

let jieba: Jieba | null = null;

/** Segments a text into words (HMM on, so names and new words stay whole). */
export const segment: Segment = (text) => {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, true);
};
