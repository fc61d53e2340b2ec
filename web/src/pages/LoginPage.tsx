import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { currentLang, LANGS, setLang, type Lang } from '../i18n';
import { homeOf } from '../lib/nav';
import { SECURITY_PATH } from './account/routes';

export function LoginPage() {
  const { t } = useTranslation();
  const { login, endedReason } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // the server asked for the authenticator's code (administrators, leaders, or by choice)
  const [needCode, setNeedCode] = useState(false);

  const onFinish = async (v: { username: string; password: string; totpCode?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const user = await login(v.username.trim(), v.password, needCode ? v.totpCode : undefined);
      const back = new URLSearchParams(window.location.search).get('next');
      const home = user.mustEnrolTotp ? SECURITY_PATH : homeOf(user.role);
      navigate(back && back.startsWith('/') && !user.mustEnrolTotp ? back : home, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'auth.totp_required') setNeedCode(true);
      else setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('common.appName')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('common.appSubtitle')}</Typography.Paragraph>
        {endedReason === 'expired' && (
          <Alert
            type="warning"
            showIcon
            title={t('common.sessionExpired')}
            style={{ marginBottom: 16 }}
            role="status"
          />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label={t('login.username')} name="username" rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {needCode && (
            <Form.Item
              label={t('login.totp')}
              name="totpCode"
              extra={t('login.totpHint')}
              rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('login.totpFormat') }]}
            >
              <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} autoFocus />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
        <Select<Lang>
          aria-label={t('common.language')}
          value={currentLang()}
          onChange={setLang}
          options={LANGS.map((l) => ({ value: l, label: l === 'en' ? 'English' : '简体中文' }))}
          size="small"
          style={{ width: 120 }}
        />
      </Card>
    </div>
  );
}
