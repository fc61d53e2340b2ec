// The phone check: a one-time code by SMS opens a resident session. No account, no password.
import { Button, Form, Input, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { useResident } from './resident-session';
import { phoneOk } from './resident-rules';

export function PhoneCheck({ onPhone }: { onPhone?: (phone: string) => void }) {
  const { t } = useTranslation();
  const { opened } = useResident();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  const fail = (err: unknown) => Toast.show({ content: err instanceof ApiError ? err.message : String(err) });
  const send = async () => {
    if (!phoneOk(phone)) {
      Toast.show({ content: t('resident.badPhone') });
      return;
    }
    setBusy(true);
    try {
      await api('/api/resident/otp', { body: { phone: phone.replace(/\s/g, '') } });
      Toast.show({ content: t('resident.codeSent') });
      setWait(60);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const verify = async () => {
    setBusy(true);
    try {
      const res = await api<{ csrfToken: string }>('/api/resident/session', {
        body: { phone: phone.replace(/\s/g, ''), code: code.trim() },
        expect401: true,
      });
      onPhone?.(phone.replace(/\s/g, ''));
      sessionStorage.setItem('yimen.residentPhone', phone.replace(/\s/g, ''));
      opened(res.csrfToken);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      layout="vertical"
      mode="card"
      footer={
        <Button
          block
          color="primary"
          size="large"
          loading={busy}
          disabled={!phoneOk(phone) || code.trim().length !== 6}
          onClick={verify}
        >
          {t('resident.verify')}
        </Button>
      }
    >
      <Form.Header>{t('resident.phoneCheck')}</Form.Header>
      <Form.Item label={<label htmlFor="m-phone">{t('resident.phone')}</label>}>
        <Input
          id="m-phone"
          type="tel"
          inputMode="numeric"
          autoComplete="tel"
          placeholder={t('resident.phonePlaceholder')}
          value={phone}
          onChange={setPhone}
        />
      </Form.Item>
      <Form.Item
        label={<label htmlFor="m-code">{t('resident.code')}</label>}

        extra={
          <Button size="small" disabled={wait > 0 || busy} onClick={send}>
            {wait > 0 ? t('resident.resendIn', { s: wait }) : t('resident.sendCode')}
          </Button>
        }
      >
        <Input
          id="m-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          placeholder={t('resident.codePlaceholder')}
          value={code}
          onChange={setCode}
        />
      </Form.Item>
    </Form>
  );
}
