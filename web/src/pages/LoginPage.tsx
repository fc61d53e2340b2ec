import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { currentLang, LANGS, setLang, type Lang } from '../i18n';
import { homeOf } from '../lib/nav';

export function LoginPage() {
  const { t } = useTranslation();
  const { login, endedReason } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const user = await login(v.username.trim(), v.password);
      const back = new URLSearchParams(window.location.search).get('next');
      navigate(back && back.startsWith('/') ? back : homeOf(user.role), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
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
