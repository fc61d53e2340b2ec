// The wall screen: who may open it (a signed-in dispatcher, leader or supervisor, for a region of
// their scope: policy.ts DASHBOARD_ROLES), and the screen itself.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { mayReadDashboards } from '../../../src/core/workflow/policy';
import { api, ApiError } from '../api/client';
import type { Me } from '../api/types';
import type { Screen } from '../pages/analytics/analytics-api';
import { ScreenBoard } from './ScreenBoard';
import { useScreenRefresh } from './screen-refresh';

const regionParam = () => {
  const r = new URLSearchParams(window.location.search).get('region');
  return r && /^[0-9]{2,15}$/.test(r) ? r : null;
};

export function ScreenApp() {
  const { t } = useTranslation();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => api<Me>('/api/me', { expect401: true }),
    retry: false,
  });
  if (me.isLoading) return <div className="screen-message">…</div>;
  const user = me.data?.kind === 'staff' ? me.data.user : null;
  if (!user || (me.error instanceof ApiError && me.error.status === 401)) {
    const next = encodeURIComponent(window.location.pathname + window.location.search);
    return (
      <div className="screen-message">
        <p>{t('analytics.screen.login')}</p>
        <a className="screen-button" href={`/login?next=${next}`}>
          {t('analytics.screen.toLogin')}
        </a>
      </div>
    );
  }
  if (!mayReadDashboards(user.role)) {
    return <div className="screen-message">{t('analytics.screen.notAllowed')}</div>;
  }
  return <LiveScreen region={regionParam()} />;
}

function LiveScreen({ region }: { region: string | null }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['screen', region],
    queryFn: ({ signal }) =>
      api<Screen>(`/api/analytics/screen${region ? `?region=${region}` : ''}`, { signal }),
    placeholderData: (previous) => previous,
  });
  const link = useScreenRefresh(() => void q.refetch(), q.data?.maxAgeMs);
  if (q.error && !q.data) return <div className="screen-message">{q.error.message}</div>;
  if (!q.data) return <div className="screen-message">…</div>;
  return <ScreenBoard data={q.data} link={link} label={t('analytics.screen.title')} />;
}
