// Uploaded files, one mechanism for every module (case attachments, grid photos): the upload is
// read whole within the configured limit, its type recognised by its first bytes, and its bytes
// written under the data folder and fsync'd before the row that names them commits.
import fs from 'node:fs';
import path from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import { HttpError } from '../http/errors.js';

/** Accepted types, recognised by their first bytes, not by what the client claims. */
const SNIFFERS: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  {
    type: 'image/webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  // docx/xlsx/pptx are zip containers; doc/xls the old OLE2 format
  { type: 'application/zip', test: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) },
  {
    type: 'application/x-ole-storage',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
  },
];
const OFFICE_EXT = /\.(docx|xlsx|pptx|doc|xls|ppt)$/i;

export function sniffType(bytes: Buffer, fileName: string): string | null {
  const hit = SNIFFERS.find((s) => s.test(bytes));
  if (!hit) return null;
  if (hit.type === 'application/zip' || hit.type === 'application/x-ole-storage') {
    return OFFICE_EXT.test(fileName) ? 'application/octet-stream' : null;
  }
  return hit.type;
}

/** 10 MB, 1.5 MB, 256 KB: a limit below 1 MB must not read as "0 MB". */
export function formatSize(bytes: number): string {
  const mb = bytes / 1048576;
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** An upload read into memory: its bytes, a safe file name and the type its bytes show (or null). */
export interface ReadUpload {
  bytes: Buffer;
  fileName: string;
  sniffed: string | null;
}

/**
 * Reads a multipart file within the multipart limit; over it, a 413 with `tooLargeKey` naming
 * the limit (`{limit}`) in the request's language.
 */
export async function readUpload(
  file: MultipartFile,
  maxBytes: number,
  tooLargeKey: string,
): Promise<ReadUpload> {
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new HttpError(413, tooLargeKey, { limit: formatSize(maxBytes) });
    }
    throw err;
  }
  const fileName = path.basename(file.filename || 'file').slice(0, 200);
  return { bytes, fileName, sniffed: sniffType(bytes, fileName) };
}

/** Where a stored file lives: <dataDir>/<area>/<owner id's first 8 chars>/<owner id>/<file id>. */
export function storedFilePath(dataDir: string, area: string, ownerId: string, id: string): string {
  return path.join(dataDir, area, ownerId.slice(0, 8), ownerId, id);
}

/**
 * Writes a new file (never overwriting) and fsyncs it, then runs `commit` (the row naming it);
 * if `commit` throws, the file is removed, so a refused write leaves nothing on disk.
 */
export async function storeFile<T>(target: string, bytes: Buffer, commit: () => Promise<T>): Promise<T> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const fh = await fs.promises.open(target, 'wx', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    return await commit();
  } catch (err) {
    await fs.promises.rm(target, { force: true });
    throw err;
  }
}

/** A file in the store as its row describes it. */
export interface StoredFile {
  path: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sm3: string;
}

/**
 * Copies a stored file to a new place (never overwriting), the copy fsync'd, then runs `commit`
 * (the row naming the copy); if `commit` throws, the copy is removed. A stored file's place is
 * named by its owner and id, so a file gaining a second owner (a grid photo becoming a case
 * attachment) is copied; where the file system can, the copy shares the blocks (reflink).
 */
export async function copyStoredFile<T>(
  source: string,
  target: string,
  commit: () => Promise<T>,
): Promise<T> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.promises.copyFile(source, target, fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE);
    const fh = await fs.promises.open(target, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    // a half-written copy is ours to remove; an existing file (EEXIST) is not
    if ((err as { code?: string }).code !== 'EEXIST') await fs.promises.rm(target, { force: true });
    throw err;
  }
  try {
    return await commit();
  } catch (err) {
    await fs.promises.rm(target, { force: true });
    throw err;
  }
}

/**
 * Files written inside a transaction that a later step can still roll back (storeFile and
 * copyStoredFile remove a file only when its own row fails): the caller discards them when the
 * transaction (or an attempt of it that is retried) does not commit.
 */
export class UncommittedFiles {
  readonly #paths: string[] = [];

  track(target: string): void {
    this.#paths.push(target);
  }

  async discard(): Promise<void> {
    const paths = this.#paths.splice(0);
    await Promise.all(paths.map((p) => fs.promises.rm(p, { force: true })));
  }
}

/** A stored file's bytes as a stream. */
export function openStoredFile(target: string): fs.ReadStream {
  return fs.createReadStream(target);
}
