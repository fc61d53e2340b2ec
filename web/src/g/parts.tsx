// Pieces the grid worker's pages share: the header, photos from the camera or the album, the
// phone's position, the time input.
import { ImageUploader, NavBar, Toast } from 'antd-mobile';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LangSwitch } from '../m/LangSwitch';
import { compressPhoto } from '../m/photos';
import type { Position } from './api';
import type { DraftPhoto } from './drafts';
import { MAX_PHOTOS } from './grid-forms';

export function Header({ title, back, right }: { title: ReactNode; back?: boolean; right?: ReactNode }) {
  const navigate = useNavigate();
  return (
    <NavBar
      back={back ? '' : null}
      onBack={() => navigate(-1)}
      right={
        <span className="g-row" style={{ justifyContent: 'flex-end' }}>
          {right}
          <LangSwitch />
        </span>
      }
      style={{ background: '#fff' }}
    >
      {title}
    </NavBar>
  );
}

// one object URL per photo, the same one the uploader got back: it drops its finished task when
// the value holds an item with that URL (else the photo would show twice)
const objectUrls = new WeakMap<Blob, string>();
function urlOf(p: DraftPhoto): string {
  let url = objectUrls.get(p.blob);
  if (!url) {
    url = URL.createObjectURL(p.blob);
    objectUrls.set(p.blob, url);
  }
  return url;
}

/** Photos kept as Blobs (compressed on the phone); no `capture`, so the phone offers camera and album. */
export function PhotoPicker({
  photos,
  onChange,
}: {
  photos: DraftPhoto[];
  onChange: (fn: (ps: DraftPhoto[]) => DraftPhoto[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <ImageUploader
      maxCount={MAX_PHOTOS}
      multiple
      value={photos.map((p) => ({ key: p.key, url: urlOf(p) }))}
      onChange={(items) => onChange((ps) => ps.filter((p) => items.some((i) => i.key === p.key)))}
      upload={async (file) => {
        try {
          const blob = await compressPhoto(file);
          const photo = { key: crypto.randomUUID(), blob };
          const url = urlOf(photo);
          onChange((ps) => [...ps, photo]);
          return { key: photo.key, url };
        } catch {
          Toast.show({ content: t('g.log.photoTooLarge') });
          throw new Error('too large');
        }
      }}
    />
  );
}

export type PositionState =
  { status: 'locating' } | { status: 'ok'; position: Position } | { status: 'none' };

/** The phone's position when the user allows it; else none (the item is recorded at the grid). */
export function usePosition(): [PositionState, () => void] {
  const supported = typeof navigator !== 'undefined' && !!navigator.geolocation;
  const [state, setState] = useState<PositionState>({ status: supported ? 'locating' : 'none' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!supported) return;
    let live = true;
    navigator.geolocation.getCurrentPosition(
      (p) =>
        live &&
        setState({
          status: 'ok',
          position: {
            lat: Math.round(p.coords.latitude * 1e6) / 1e6,
            lng: Math.round(p.coords.longitude * 1e6) / 1e6,
            accuracy: Math.round(p.coords.accuracy),
          },
        }),
      () => live && setState({ status: 'none' }),
      { timeout: 10_000, maximumAge: 60_000, enableHighAccuracy: true },
    );
    return () => {
      live = false;
    };
  }, [tick, supported]);
  const relocate = () => {
    if (!supported) return;
    setState({ status: 'locating' });
    setTick((n) => n + 1);
  };
  return [state, relocate];
}

export function PositionLine({
  state,
  gridName,
  onRetry,
}: {
  state: PositionState;
  gridName: string;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="g-row" data-testid="position">
      <span className="g-grow">
        {state.status === 'locating'
          ? t('g.log.locating')
          : state.status === 'ok'
            ? t('g.log.located', { m: state.position.accuracy ?? '?' })
            : t('g.log.noPosition', { grid: gridName })}
      </span>
      {state.status !== 'locating' && (
        <a role="button" tabIndex={0} onClick={onRetry}>
          {t('g.log.relocate')}
        </a>
      )}
    </div>
  );
}

export function formatTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}
