// The frame of every signed-in page: the offline and outbox banners on top, the tab bar below.
import { NoticeBar, TabBar } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { counts } from './queue';
import { useOutbox } from './outbox';
import { useGridSession, useGridUser } from './session';

const icon = (d: string) => (
  <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
    <path
      d={d}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </svg>
);
const ICONS = {
  '/': icon('M4 6h16M4 12h16M4 18h10'),
  '/log': icon('M12 5v14M5 12h14'),
  '/report': icon('M12 3l9 16H3zM12 10v4M12 17v.5'),
  '/mine': icon('M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c1-4 4-6 8-6s7 2 8 6'),
};
const TABS = [
  { key: '/', label: 'g.tab.today' },
  { key: '/log', label: 'g.tab.log' },
  { key: '/report', label: 'g.tab.report' },
  { key: '/mine', label: 'g.tab.mine' },
] as const;
const MINE_PATHS = ['/mine', '/reports', '/items', '/outbox', '/cases'];

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const user = useGridUser();
  const { offline } = useGridSession();
  const box = useOutbox();
  const { waiting, failed } = counts(box.entries, user.id);
  const active = MINE_PATHS.some((p) => pathname.startsWith(p)) ? '/mine' : pathname;

  return (
    <div className="g-app">
      {!box.online && <NoticeBar content={t('g.offlineBanner')} color="alert" wrap />}
      {box.online && offline && <NoticeBar content={t('g.offlineSession')} color="info" />}
      {(waiting > 0 || failed > 0) && pathname !== '/outbox' && (
        <div
          className="g-outbox-bar"
          role="button"
          tabIndex={0}
          data-testid="outbox-bar"
          onClick={() => navigate('/outbox')}
        >
          {waiting > 0 && <span>{t('g.outbox.waiting', { n: waiting })}</span>}
          {failed > 0 && <span className="g-failed">{t('g.outbox.failedCount', { n: failed })}</span>}
          <span className="g-chevron">›</span>
        </div>
      )}
      <main className="g-main">{children}</main>
      <div className="g-tabbar">
        <TabBar activeKey={active} onChange={(key) => navigate(key)} safeArea>
          {TABS.map((tab) => (
            <TabBar.Item
              key={tab.key}
              icon={ICONS[tab.key]}
              title={t(tab.label)}
              badge={tab.key === '/mine' && waiting + failed > 0 ? waiting + failed : undefined}
            />
          ))}
        </TabBar>
      </div>
    </div>
  );
}
