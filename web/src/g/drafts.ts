// Drafts of the two forms survive a reload (or the browser being killed outdoors): the fields in
// IndexedDB next to the outbox, photos as Blobs; saved shortly after each change, cleared on submit.
import { useCallback, useEffect, useRef, useState } from 'react';
import { idbDelete, idbGet, idbPut, STORES } from './idb';

export interface DraftPhoto {
  key: string;
  blob: Blob;
}

/**
 * A form's state kept as a draft under `key` (per user). `ready` turns true once the stored draft
 * (if any) was read; `restored` says one was found.
 */
export function useDraft<T extends object>(key: string, initial: () => T) {
  const [value, setValue] = useState<T>(initial);
  const [photos, setPhotos] = useState<DraftPhoto[]>([]);
  const [ready, setReady] = useState(false);
  const [restored, setRestored] = useState(false);
  const dirty = useRef(false);

  useEffect(() => {
    let live = true;
    idbGet<{ value: T; photos: DraftPhoto[] }>(STORES.drafts, key)
      .then((d) => {
        if (!live || !d) return;
        setValue({ ...initial(), ...d.value });
        setPhotos(d.photos ?? []);
        setRestored(true);
      })
      .catch(() => undefined)
      .finally(() => live && setReady(true));
    return () => {
      live = false;
    };
    // the draft is read once per key; `initial` is a fresh function each render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    if (!ready || !dirty.current) return;
    const timer = setTimeout(() => {
      void idbPut(STORES.drafts, { value, photos }, key).catch(() => undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [key, value, photos, ready]);

  const update = useCallback((patch: Partial<T>) => {
    dirty.current = true;
    setValue((v) => ({ ...v, ...patch }));
  }, []);
  const updatePhotos = useCallback((fn: (ps: DraftPhoto[]) => DraftPhoto[]) => {
    dirty.current = true;
    setPhotos(fn);
  }, []);
  const clear = useCallback(() => {
    dirty.current = false;
    setValue(initial());
    setPhotos([]);
    setRestored(false);
    void idbDelete(STORES.drafts, key).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return { value, update, photos, updatePhotos, ready, restored, clear };
}
