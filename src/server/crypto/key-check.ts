// A guard against the one mistake that makes personal data unreadable: starting with another
// master key than the one the database was encrypted under (master-key.ts creates a fresh key when
// the key file is missing, which is right for a new demo and wrong for a restored database).
import type { Db } from '../db/connection.js';
import type { PiiCrypto } from './pii-crypto.js';

const LABEL = 'yimen/key-check/v1';

export class MasterKeyMismatchError extends Error {
  constructor() {
    super(
      'The personal-data master key does not match the one this database was encrypted with. ' +
        'Restore the key file (YIMEN_KEY_FILE, by default YIMEN_DATA_DIR/keys/master.key) or ' +
        'YIMEN_MASTER_KEY from the backup made with this database; Yimen will not start with another key.',
    );
    this.name = 'MasterKeyMismatchError';
  }
}

/** Records the key's fingerprint on first start; on every later start, refuses a different key. */
export async function checkMasterKey(db: Db, crypto: PiiCrypto, now: Date): Promise<void> {
  const fingerprint = crypto.blindIndex('id_number', LABEL);
  await db.kysely
    .insertInto('key_check')
    .values({ id: 1, fingerprint, created_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.kysely
    .selectFrom('key_check')
    .select('fingerprint')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  if (row.fingerprint !== fingerprint) throw new MasterKeyMismatchError();
}
