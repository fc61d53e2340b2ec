// The frame of every page after log-in: the menu the role may use, and who is signed in — name,
// unit and scope — with the language switch, in the header.
import { GlobalOutlined, LogoutOutlined } from '@ant-design/icons';
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
  const admin = entries.filter((e) => e.group === 'admin');
  const selected = entries
    .filter((e) => (e.path === '/' ? location.pathname === '/' : location.pathname.startsWith(e.path)))
    .map((e) => e.key);
  const item = (e: (typeof entries)[number]) => ({
    key: e.key,
    label: <Link to={e.path}>{t(`common.menu.${e.key}`)}</Link>,
  });
  const items = [
    ...main.map(item),
    ...(admin.length
      ? [{ type: 'group' as const, key: 'admin', label: t('common.menu.admin'), children: admin.map(item) }]
      : []),
  ];

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
