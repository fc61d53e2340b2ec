// The export button's second path (双人审批): an export above the threshold comes back refused;
// the user then gives a reason and files a request for a second person to approve, and downloads
// it later from 导出审批.
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client';
import { downloadCsv } from '../work/export-csv';
import { APPROVAL_REQUIRED, requestUrlOf } from './export-rules';

interface Refused {
  exportUrl: string;
  /** the server's message: how many rows, above which threshold */
  message: string;
}

/**
 * `run(exportUrl)` downloads the export, or opens the request dialog when it needs approval;
 * render `dialog` once in the page.
 */
export function useBulkExport(): { run: (exportUrl: string) => Promise<void>; dialog: ReactElement } {
  const [refused, setRefused] = useState<Refused | null>(null);
  const run = async (exportUrl: string) => {
    try {
      await downloadCsv(exportUrl);
    } catch (err) {
      if (err instanceof ApiError && err.code === APPROVAL_REQUIRED) {
        setRefused({ exportUrl, message: err.message });
        return;
      }
      throw err;
    }
  };
  return { run, dialog: <RequestDialog refused={refused} onClose={() => setRefused(null)} /> };
}

function RequestDialog({ refused, onClose }: { refused: Refused | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [sending, setSending] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    if (!refused) return;
    setSending(true);
    try {
      await api(requestUrlOf(refused.exportUrl), { method: 'POST', body: { reason } });
      void message.success(
        <>
          {t('exports.filed')} <Link to="/export-requests">{t('common.menu.exportRequests')}</Link>
        </>,
      );
      form.resetFields();
      onClose();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal
      open={!!refused}
      title={t('exports.dialogTitle')}
      okText={t('exports.file')}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={refused?.message} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" name="exportRequest" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={t('exports.reason')}
          extra={t('exports.reasonHelp')}
          rules={[{ required: true, whitespace: true, message: t('exports.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
