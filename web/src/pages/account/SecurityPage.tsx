// 账号安全 — one's second factor (set up with an authenticator app: QR code, key, first code;
// turned off where the role allows) and one's open sessions, any of which can be ended.
import { Alert, Button, Card, Form, Input, Space, Spin, Table, Tag, Typography, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { api, ApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { homeOf } from '../../lib/nav';

interface TotpStatus {
  enabled: boolean;
  enabledAt: string | null;
  required: boolean;
  pending: boolean;
}
interface Enrolment {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}
interface SessionRow {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

const when = (iso: string) => new Date(iso).toLocaleString();

export function SecurityPage() {
  const { t } = useTranslation();
  const { status, user } = useSession();
  const queryClient = useQueryClient();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const totp = useQuery({
    queryKey: ['auth', 'totp'],
    queryFn: () => api<TotpStatus>('/api/auth/totp'),
    enabled: status === 'staff',
  });
  const sessions = useQuery({
    queryKey: ['auth', 'sessions'],
    queryFn: () => api<{ items: SessionRow[] }>('/api/auth/sessions'),
    enabled: status === 'staff' && !user?.mustEnrolTotp,
  });
  if (status === 'loading') return <Spin fullscreen />;
  if (status !== 'staff' || !user) return <Navigate to="/login" replace />;

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const start = () =>
    run(async () => setEnrolment(await api<Enrolment>('/api/auth/totp/enrol', { method: 'POST', body: {} })));
  const confirm = (v: { code: string }) =>
    run(async () => {
      await api('/api/auth/totp/confirm', { body: { code: v.code } });
      setEnrolment(null);
      // a full load re-reads the session, now without the must-enrol mark
      if (user.mustEnrolTotp) window.location.assign(homeOf(user.role));
      else await queryClient.invalidateQueries({ queryKey: ['auth'] });
    });
  const disable = (v: { code: string }) =>
    run(async () => {
      await api('/api/auth/totp/disable', { body: { code: v.code } });
      await queryClient.invalidateQueries({ queryKey: ['auth'] });
    });
  const end = (id: string) =>
    run(async () => {
      await api(`/api/auth/sessions/${id}`, { method: 'DELETE' });
      void message.success(t('security.ended'));
      await queryClient.invalidateQueries({ queryKey: ['auth', 'sessions'] });
    });

  const s = totp.data;
  return (
    <div className="login-page" style={{ alignItems: 'flex-start', paddingTop: 32 }}>
      <Space direction="vertical" size="large" style={{ width: 720, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('security.title')}
        </Typography.Title>
        {user.mustEnrolTotp && (
          <Alert type="warning" showIcon title={t('security.mustEnrol')} role="status" />
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        <Card title={t('security.totpTitle')} data-testid="totp-card">
          {!s ? (
            <Spin />
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text>
                {s.enabled ? <Tag color="green">{t('security.done')}</Tag> : null}
                {s.enabled ? t('security.enabled') : t('security.disabled')}{' '}
                {s.required ? t('security.required') : t('security.optional')}
              </Typography.Text>
              {!s.enabled && !enrolment && (
                <Button type="primary" onClick={() => void start()} loading={busy}>
                  {t('security.start')}
                </Button>
              )}
              {enrolment && (
                <>
                  <Typography.Paragraph>{t('security.scan')}</Typography.Paragraph>
                  <div
                    data-testid="totp-qr"
                    style={{ width: 200, height: 200 }}
                    // the server's own SVG of the otpauth:// URL (qrcode package), no user input in it
                    dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
                  />
                  <Typography.Text copyable={{ text: enrolment.secret }} data-testid="totp-secret">
                    {t('security.secret')}: <code>{enrolment.secret}</code>
                  </Typography.Text>
                  <Form layout="inline" onFinish={confirm} name="totpConfirm">
                    <Form.Item
                      name="code"
                      label={t('security.code')}
                      rules={[{ required: true, pattern: /^[0-9]{6}$/ }]}
                    >
                      <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
                    </Form.Item>
                    <Button type="primary" htmlType="submit" loading={busy}>
                      {t('security.confirm')}
                    </Button>
                  </Form>
                </>
              )}
              {s.enabled && !s.required && (
                <Form layout="inline" onFinish={disable} name="totpDisable">
                  <Form.Item
                    name="code"
                    label={t('security.code')}
                    rules={[{ required: true, pattern: /^[0-9]{6}$/ }]}
                  >
                    <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
                  </Form.Item>
                  <Button danger htmlType="submit" loading={busy}>
                    {t('security.disable')}
                  </Button>
                </Form>
              )}
              <Typography.Text type="secondary">{t('security.lost')}</Typography.Text>
            </Space>
          )}
        </Card>
        {!user.mustEnrolTotp && (
          <Card title={t('security.sessionsTitle')} data-testid="sessions-card">
            <Typography.Paragraph type="secondary">{t('security.sessionsHint')}</Typography.Paragraph>
            <Table<SessionRow>
              rowKey="id"
              size="small"
              pagination={false}
              loading={sessions.isLoading}
              dataSource={sessions.data?.items ?? []}
              columns={[
                { title: t('security.created'), dataIndex: 'createdAt', render: when },
                { title: t('security.lastSeen'), dataIndex: 'lastSeenAt', render: when },
                { title: t('security.ip'), dataIndex: 'ip' },
                { title: t('security.device'), dataIndex: 'userAgent', ellipsis: true },
                {
                  key: 'action',
                  render: (_, r) =>
                    r.current ? (
                      <Tag>{t('security.current')}</Tag>
                    ) : (
                      <Button size="small" onClick={() => void end(r.id)} disabled={busy}>
                        {t('security.end')}
                      </Button>
                    ),
                },
              ]}
            />
          </Card>
        )}
        {!user.mustEnrolTotp && (
          <Link to={homeOf(user.role)}>
            <Button>{t('security.back')}</Button>
          </Link>
        )}
      </Space>
    </div>
  );
}
