// Log-in with the staff account (the console's /api/auth/login), large fields for a phone.
import { Button, Form, Input, NoticeBar, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { LangSwitch } from '../../m/LangSwitch';
import { useGridSession } from '../session';

export function LoginPage() {
  const { t } = useTranslation();
  const { status, login, endedReason } = useGridSession();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  if (status === 'staff') return <Navigate to="/" replace />;

  const submit = async () => {
    if (!username.trim() || !password) return;
    setBusy(true);
    try {
      await login(username.trim(), password);
      navigate('/', { replace: true });
    } catch (err) {
      const offline = err instanceof ApiError && err.status === 0;
      Toast.show({
        content: offline ? t('g.login.offline') : err instanceof ApiError ? err.message : t('g.login.failed'),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="g-app" style={{ paddingBottom: 0 }}>
      <div style={{ textAlign: 'right', padding: '12px 16px 0' }}>
        <LangSwitch />
      </div>
      <div className="g-login">
        <h1>{t('g.appName')}</h1>
        <p className="g-muted">{t('g.login.hint')}</p>
      </div>
      {endedReason === 'expired' && <NoticeBar content={t('g.login.expired')} color="alert" wrap />}
      <Form layout="vertical" mode="card" onFinish={submit}>
        <Form.Item label={<label htmlFor="g-username">{t('g.login.username')}</label>}>
          <Input
            id="g-username"
            autoComplete="username"
            autoCapitalize="off"
            value={username}
            onChange={setUsername}
            style={{ '--font-size': '17px' }}
          />
        </Form.Item>
        <Form.Item label={<label htmlFor="g-password">{t('g.login.password')}</label>}>
          <Input
            id="g-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            onEnterPress={submit}
            style={{ '--font-size': '17px' }}
          />
        </Form.Item>
      </Form>
      <div className="g-section">
        <Button block color="primary" size="large" loading={busy} onClick={submit}>
          {t('g.login.submit')}
        </Button>
      </div>
    </div>
  );
}
