// A success answer means the change is on disk: the server refuses to start on a PostgreSQL whose
// settings would let a committed transaction vanish in a crash (fsync, synchronous_commit) or tear
// a page (full_page_writes). The embedded engine has no such settings (architecture.md).
import { sql } from 'kysely';
import type { Db } from './connection.js';

/** The settings that must be on, and why. */
export const DURABILITY_SETTINGS = {
  fsync: 'without it a crash can lose or corrupt committed data',
  synchronous_commit: 'without it a crash can lose transactions the clients were told were saved',
  full_page_writes: 'without it a crash can leave torn pages behind',
} as const;

export type SettingReader = (name: keyof typeof DURABILITY_SETTINGS) => Promise<string>;

/** Reads a setting from the server (SHOW). */
export const settingReader =
  (db: Db): SettingReader =>
  async (name) =>
    (await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db.kysely)).rows[0]!
      .value;

/** Throws naming every setting that is off (synchronous_commit may be on, local, remote_write …, not off). */
export async function checkDurabilitySettings(read: SettingReader): Promise<void> {
  const problems: string[] = [];
  for (const [name, why] of Object.entries(DURABILITY_SETTINGS) as [
    keyof typeof DURABILITY_SETTINGS,
    string,
  ][]) {
    const value = (await read(name)).toLowerCase();
    const off = name === 'synchronous_commit' ? value === 'off' : value !== 'on';
    if (off) problems.push(`${name} is ${value} (${why})`);
  }
  if (problems.length)
    throw new Error(`PostgreSQL is not set up to keep committed data: ${problems.join('; ')}. Turn them on.`);
}
