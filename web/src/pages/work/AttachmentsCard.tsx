// Attachments: download each; those the policy lets attach drop files here (or pick them).
import { InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Card, List, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { TERMINAL_STATES } from '../../../../src/core/workflow/case-model';
import { isAllowed } from '../../../../src/core/workflow/policy';
import { api, ApiError } from '../../api/client';
import { useUser } from '../../auth/session';
import { formatSize, formatTime } from './format';
import { caseKey } from './queries';
import type { CaseDetail } from './types';

export function AttachmentsCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const queryClient = useQueryClient();
  const canAttach = isAllowed(user.role, 'attach', c.relations) && !TERMINAL_STATES.includes(c.state);

  return (
    <Card title={t('work.attach.title')} size="small" style={{ marginBottom: 16 }}>
      <List
        size="small"
        dataSource={c.attachments}
        locale={{ emptyText: t('work.attach.none') }}
        renderItem={(a) => (
          <List.Item>
            <a
              href={`/api/cases/${c.id}/attachments/${a.id}`}
              download={a.fileName}
              aria-label={t('work.attach.download', { name: a.fileName })}
            >
              <PaperClipOutlined /> {a.fileName}
            </a>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatSize(a.sizeBytes)} · {formatTime(a.createdAt)}
            </Typography.Text>
          </List.Item>
        )}
      />
      {canAttach && (
        <Upload.Dragger
          multiple
          showUploadList={false}
          accept="image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
          style={{ marginTop: 12 }}
          customRequest={async ({ file, onSuccess, onError }) => {
            const form = new FormData();
            form.append('file', file as Blob);
            try {
              const saved = await api<{ fileName: string }>(`/api/cases/${c.id}/attachments`, { form });
              void message.success(t('work.attach.uploaded', { name: saved.fileName }));
              onSuccess?.(saved);
              void queryClient.invalidateQueries({ queryKey: caseKey(c.id) });
            } catch (err) {
              void message.error(err instanceof ApiError ? err.message : String(err));
              onError?.(err as Error);
            }
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('work.attach.upload')}</p>
          <p className="ant-upload-hint">{t('work.attach.hint')}</p>
        </Upload.Dragger>
      )}
    </Card>
  );
}
