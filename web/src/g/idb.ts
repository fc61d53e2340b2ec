// A few promise helpers over IndexedDB: the outbox (queued submissions, photos as Blobs) and the
// form drafts live in one small database on the phone.
const DB_NAME = 'yimen-grid';
const VERSION = 1;
export const STORES = { outbox: 'outbox', drafts: 'drafts' } as const;
type Store = (typeof STORES)[keyof typeof STORES];

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STORES.outbox))
        db.createObjectStore(STORES.outbox, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(STORES.drafts)) db.createObjectStore(STORES.drafts);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB'));
  }).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

function run<T>(store: Store, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const req = fn(tx.objectStore(store));
        tx.oncomplete = () => resolve(req.result as T);
        tx.onerror = () => reject(tx.error ?? new Error('indexedDB'));
        tx.onabort = () => reject(tx.error ?? new Error('indexedDB aborted'));
      }),
  );
}

export const idbAll = <T>(store: Store) => run<T[]>(store, 'readonly', (s) => s.getAll());
export const idbGet = <T>(store: Store, key: string) =>
  run<T | undefined>(store, 'readonly', (s) => s.get(key));
export const idbPut = (store: Store, value: unknown, key?: string) =>
  run<unknown>(store, 'readwrite', (s) => (key === undefined ? s.put(value) : s.put(value, key))).then(
    () => undefined,
  );
export const idbDelete = (store: Store, key: string) =>
  run<unknown>(store, 'readwrite', (s) => s.delete(key)).then(() => undefined);
