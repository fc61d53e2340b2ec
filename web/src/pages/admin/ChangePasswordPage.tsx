// 修改密码 — where a user with a one-time password (new account, or reset by the security
// administrator) lands after log-in: the server opens nothing else until it is changed. Any
// signed-in user may come here to change their password too.
import { Alert, Button, Card, Form, Input, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { homeOf } from '../../lib/nav';
import { send } from './admin-api';
import { newPasswordProblem } from './password-form';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { status, user, logout } = useSession();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (status === 'loading') return <Spin fullscreen />;
  if (status !== 'staff' || !user) return <Navigate to="/login" replace />;

  const problem = (next: string, confirm?: string) =>
    newPasswordProblem(user.username, form.getFieldValue('currentPassword') ?? '', next, confirm);

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await send('POST', '/api/auth/change-password', {
        currentPassword: v.currentPassword,
        newPassword: v.newPassword,
      });
      // a full load re-reads the session, now without the must-change mark
      window.location.assign(homeOf(user.role));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <Card style={{ width: 420 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('admin.password.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {user.mustChangePassword ? t('admin.password.intro') : t('admin.password.voluntary')}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {user.displayName}（{user.username}）
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} name="changePassword" layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="currentPassword" label={t('admin.password.current')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('admin.password.next')}
            extra={t('admin.password.rule')}
            dependencies={['currentPassword']}
            rules={[
              { required: true },
              {
                validator: async (_, value: string | undefined) => {
                  const p = value ? problem(value) : null;
                  if (p) throw new Error(t(`admin.password.problems.${p}`));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('admin.password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true },
              {
                validator: async (_, value: string | undefined) => {
                  if (value && value !== form.getFieldValue('newPassword'))
                    throw new Error(t('admin.password.problems.mismatch'));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('admin.password.submit')}
            </Button>
            <Button block onClick={() => void logout()}>
              {t('common.logout')}
            </Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
