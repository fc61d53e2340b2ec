// One assertion for "bad input gets a 4xx with a readable message and writes nothing": sends the
// request twice, in the default language (Chinese) and with Accept-Language: en, and checks the
// status, the error body, both languages, every table (db-snapshot.ts) and the attachment folder.
//
//   await expectRefused(t, (h) => clerk.post('/api/cases', {}, h), { status: 400, en: /is required/ });
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { takeSnapshot } from './db-snapshot.js';
import type { Client, TestApp } from './test-app.js';

export type Res = Awaited<ReturnType<Client['get']>>;
/** Sends the request under test with these extra headers (the language). */
export type Send = (headers: Record<string, string>) => Promise<Res>;

export interface Refusal {
  status: number;
  /** error.code; any non-empty code when omitted */
  code?: string | RegExp;
  /** what the default (Chinese) message must match */
  zh?: RegExp;
  /** what the English message must match */
  en?: RegExp;
  /** rows ONE refused request writes on purpose (an audited denial, a failed log-in); else nothing */
  writes?: Record<string, number>;
}

const CJK = /[\u4e00-\u9fff]/;

/** Files under the data folder's attachments/, so a refused upload is seen to leave none behind. */
export function attachmentFiles(t: TestApp): string[] {
  const dir = path.join(t.deps.config.dataDir, 'attachments');
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : [];
}

/** Asserts the request is refused in both languages and leaves database and disk as they were. */
export async function expectRefused(t: TestApp, send: Send, x: Refusal): Promise<{ zh: string; en: string }> {
  const snap = await takeSnapshot(t.db);
  const files = attachmentFiles(t);
  const zh = await send({});
  const en = await send({ 'accept-language': 'en-US,en;q=0.9' });
  for (const res of [zh, en]) {
    expect(res.statusCode, res.body).toBe(x.status);
    const { error } = res.json() as { error: { code: string; message: string } };
    if (typeof x.code === 'string') expect(error.code).toBe(x.code);
    else expect(error.code).toMatch(x.code ?? /\S/);
    expect(error.message.trim()).not.toBe('');
  }
  const zhMsg: string = zh.json().error.message;
  const enMsg: string = en.json().error.message;
  expect(zhMsg).toMatch(CJK);
  // English apart from quoted values (a unit's or a party's name stays Chinese)
  expect(enMsg.replace(/"[^"]*"/g, '')).not.toMatch(CJK);
  expect(enMsg).toMatch(/[a-z]{3,}/i);
  if (x.zh) expect(zhMsg).toMatch(x.zh);
  if (x.en) expect(enMsg).toMatch(x.en);
  const expected = Object.fromEntries(Object.entries(x.writes ?? {}).map(([table, n]) => [table, n * 2]));
  expect(await snap.changes()).toEqual(expected);
  expect(attachmentFiles(t)).toEqual(files);
  return { zh: zhMsg, en: enMsg };
}
