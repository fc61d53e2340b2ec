// Where the personal-data master key comes from. It never lives in the database: a dump of the
// database alone must not reveal anyone's phone or ID number.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const KEY_HEX = /^[0-9a-fA-F]{64}$/;

function parseKey(text: string, source: string): Buffer {
  const hex = text.trim();
  if (!KEY_HEX.test(hex)) {
    throw new Error(
      `${source} must hold 64 hexadecimal characters (a 32-byte key), found ${hex.length} characters`,
    );
  }
  return Buffer.from(hex, 'hex');
}

function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}

/** Creates the key file without ever exposing a half-written one: write a private temp file, then link. */
async function createKeyFile(keyFile: string): Promise<void> {
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  const temp = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx', flush: true });
  try {
    await link(temp, keyFile); // fails with EEXIST if another process won the race: use its key
  } catch (err) {
    if (!isErrno(err, 'EEXIST')) throw err;
  } finally {
    await unlink(temp);
  }
}

/**
 * Returns the 32-byte master key: `envKey` (the value of `YIMEN_MASTER_KEY`, 64 hex characters)
 * wins; otherwise the hex key in `keyFile`, created with a random key (mode 0600, parent folder
 * created) when missing — the embedded and demo mode. Throws a readable error on a malformed key.
 */
export async function loadOrCreateMasterKey(opts: { keyFile: string; envKey?: string }): Promise<Buffer> {
  if (opts.envKey !== undefined && opts.envKey.trim() !== '')
    return parseKey(opts.envKey, 'YIMEN_MASTER_KEY');
  let text: string;
  try {
    text = await readFile(opts.keyFile, 'utf8');
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
    await createKeyFile(opts.keyFile);
    text = await readFile(opts.keyFile, 'utf8');
  }
  return parseKey(text, `the key file ${opts.keyFile}`);
}
