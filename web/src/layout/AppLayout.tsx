// The frame of every page after log-in: the menu the role may use, and who is signed in — name,
// unit and scope — with the language switch, in the header.
import { GlobalOutlined, LogoutOutlined, SafetyOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useUser, useSession } from '../auth/session';
import { currentLang, LANGS, setLang, type Lang } from '../i18n';
import { LiveIndicator } from '../lib/LiveIndicator';
import { navFor } from '../lib/nav';

export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useSession();
  const location = useLocation();
  const entries = navFor(user.role);
  const main = entries.filter((e) => !e.group);
  const groupOf = (g: 'admin' | 'grid' | 'base') => entries.filter((e) => e.group === g);
  // the longest matching path wins (/grid/reports, not /grid as well)
  const matching = entries.filter((e) =>
    e.path === '/'
      ? location.pathname === '/'
      : location.pathname === e.path || location.pathname.startsWith(`${e.path}/`),
  );
  const longest = Math.max(0, ...matching.map((e) => e.path.length));
  const selected = matching.filter((e) => e.path.length === longest).map((e) => e.key);
  const item = (e: (typeof entries)[number]) => ({
    key: e.key,
    label: <Link to={e.path}>{t(`common.menu.${e.key}`)}</Link>,
  });
  const group = (g: 'admin' | 'grid' | 'base') => {
    const children = groupOf(g);
    return children.length
      ? [{ type: 'group' as const, key: g, label: t(`common.menu.${g}`), children: children.map(item) }]
      : [];
  };
  const items = [...main.map(item), ...group('grid'), ...group('base'), ...group('admin')];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0}>
        <div className="brand">{t('common.appName')}</div>
        <nav aria-label={t('common.menu.inbox')}>
          <Menu mode="inline" selectedKeys={selected} items={items} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Space size="middle" wrap>
            <Typography.Text strong data-testid="user-name">
              {user.displayName}
            </Typography.Text>
            <Typography.Text type="secondary" data-testid="user-unit">
              {t(`common.role.${user.role}`)}
              {user.unitName ? ` · ${user.unitName}` : ''}
              {user.scopeName ? ` · ${user.scopeName}` : ''}
            </Typography.Text>
          </Space>
          <Space>
            <LiveIndicator />
            <Select<Lang>
              aria-label={t('common.language')}
              suffixIcon={<GlobalOutlined />}
              value={currentLang()}
              onChange={setLang}
              options={LANGS.map((l) => ({ value: l, label: l === 'en' ? 'English' : '简体中文' }))}
              style={{ width: 120 }}
              data-testid="lang-switch"
            />
            <Link to="/account/security" data-testid="account-security">
              <Button icon={<SafetyOutlined />}>{t('security.menu')}</Button>
            </Link>
            <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
              {t('common.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-content">
          <main>{children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
