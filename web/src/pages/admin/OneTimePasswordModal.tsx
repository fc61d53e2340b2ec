// The one-time password, shown once: large, copyable (antd's copy falls back to the old
// selection API where the clipboard API is missing, as on a plain-http intranet), never stored.
import { Alert, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface OneTimePassword {
  username: string;
  displayName: string;
  password: string;
}

export function OneTimePasswordModal({
  value,
  onClose,
}: {
  value: OneTimePassword | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={value !== null}
      title={t('admin.users.otpTitle')}
      onOk={onClose}
      onCancel={onClose}
      okText={t('admin.users.done')}
      cancelButtonProps={{ style: { display: 'none' } }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {value && (
        <>
          <Typography.Paragraph>
            {t('admin.users.otpFor', { name: value.displayName, username: value.username })}
          </Typography.Paragraph>
          <Typography.Paragraph>
            <Typography.Text
              code
              data-testid="one-time-password"
              style={{ fontSize: 22, letterSpacing: 1 }}
              copyable={{ text: value.password, tooltips: [t('admin.users.copy'), t('admin.users.copied')] }}
            >
              {value.password}
            </Typography.Text>
          </Typography.Paragraph>
          <Alert type="warning" showIcon title={t('admin.users.otpHint')} />
        </>
      )}
    </Modal>
  );
}
