// Asking to see one personal field in clear: a reason is required, the server checks the permission
// and logs the view with it (pii_access + audit), and answers the value. Case parties and the base
// information (residents, houses, organizations) both open this one modal.
import { App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';

export type UnmaskField = 'phone' | 'id_number' | 'address';
const FIELD_WORD: Record<UnmaskField, string> = {
  phone: 'work.party.phone',
  id_number: 'work.party.idNumber',
  address: 'work.party.address',
};

export function UnmaskModal(props: {
  /** the unmask endpoint: POST { field, reason } → { value } */
  url: string;
  /** whose field it is (a name, masked or not), for the title */
  subject: string;
  field: UnmaskField;
  /** the field's name when it is not a person's phone, ID number or address (a house's owner …) */
  fieldName?: string;
  /** the confirming button's word (default: the case page's 显示) */
  okText?: string;
  onClose: () => void;
  onShown: (value: string | null) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldName = props.fieldName ?? t(FIELD_WORD[props.field]);

  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ value: string | null }>(props.url, {
        body: { field: props.field, reason: reason.trim() },
      });
      void message.info(t('work.party.logged'));
      props.onShown(res.value);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${props.subject} · ${t('work.party.unmaskTitle', { field: fieldName })}`}
      okText={props.okText ?? t('work.party.show')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item
          name="reason"
          label={t('work.party.reason')}
          extra={t('work.party.reasonHelp')}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                (v ?? '').trim().length >= 2
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('work.party.reasonTooShort'))),
            },
          ]}
        >
          <Input maxLength={500} autoFocus />
        </Form.Item>
        {error && (
          <Typography.Text type="danger" role="alert">
            {error}
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
