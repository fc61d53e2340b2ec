// An import through POST /api/imports (src/server/modules/imports): the column template to
// download, the file with its mode (all or nothing / skip bad rows), the progress while the job
// runs, and the report — accepted, already imported, and each bad row with its reasons, which can
// be saved as a CSV to fix and import again. Any page that imports (base information, and the
// administrators' kinds) shows this one panel with its kind.
import { InboxOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Progress, Radio, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { currentLang } from '../../i18n';

export interface ImportProblem {
  column: string;
  field: string;
  code: string;
  zh: string;
  en: string;
}

export interface ImportJob {
  id: string;
  kind: string;
  mode: string;
  fileName: string;
  status: 'running' | 'done' | 'refused' | 'failed';
  total: number;
  processed: number;
  accepted: number;
  rejected: number;
  alreadyImported: number;
  report: {
    rejected?: { row: number; problems: ImportProblem[] }[];
    alreadyImported?: { row: number; key: string }[];
    truncated?: boolean;
  };
  error: string | null;
  /** users: the initial passwords, in the first answer after the job has finished and never again */
  passwords?: OneTimePassword[];
}

export interface OneTimePassword {
  row: number;
  username: string;
  password: string;
}

/** The one-time passwords of a users import as CSV, to hand over (BOM first, for Excel). */
export function passwordsCsv(list: readonly OneTimePassword[], lang: 'zh-CN' | 'en'): string {
  const head = lang === 'en' ? ['row', 'username', 'password'] : ['行号', '用户名', '一次性密码'];
  const lines = list.map((p) => [String(p.row), p.username, p.password].join(','));
  return '\ufeff' + [head.join(','), ...lines].join('\r\n') + '\r\n';
}

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

type Mode = 'all-or-nothing' | 'skip-bad';

/** The bad rows as CSV (row number and reasons), BOM first so that Excel reads the Chinese. */
export function badRowsCsv(job: ImportJob, lang: 'zh-CN' | 'en'): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const head = lang === 'en' ? ['row', 'problems'] : ['行号', '问题'];
  const lines = (job.report.rejected ?? []).map((r) =>
    [String(r.row), quote(r.problems.map((p) => (lang === 'en' ? p.en : p.zh)).join('; '))].join(','),
  );
  return '\ufeff' + [head.join(','), ...lines].join('\r\n') + '\r\n';
}

export function ImportPanel({ kind, onImported }: { kind: string; onImported?: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [mode, setMode] = useState<Mode>('skip-bad');
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const notified = useRef<string | null>(null);
  // the server hands the passwords out once: keep them past any later refetch of the job
  const [passwords, setPasswords] = useState<OneTimePassword[] | null>(null);

  const job = useQuery({
    queryKey: ['imports', jobId],
    queryFn: async ({ signal }) => {
      const answer = await api<ImportJob>(`/api/imports/${jobId}`, { signal });
      if (answer.passwords?.length) setPasswords(answer.passwords);
      return answer;
    },
    enabled: !!jobId,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 800),
  });
  const j = job.data;
  const finished = !!j && j.status !== 'running';
  useEffect(() => {
    if (finished && j && notified.current !== j.id) {
      notified.current = j.id;
      onImported?.();
    }
  }, [finished, j, onImported]);

  const saveReport = () => {
    if (!j) return;
    const url = URL.createObjectURL(new Blob([badRowsCsv(j, lang)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${kind}-import-problems.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div data-testid="import-panel">
      <Typography.Paragraph>
        {t('admin.import.templates')}{' '}
        <a href={`/api/imports/templates/${kind}.xlsx`} download>
          {t('admin.import.templateXlsx')}
        </a>
        {' · '}
        <a href={`/api/imports/templates/${kind}.csv`} download>
          {t('admin.import.templateCsv')}
        </a>
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        <Radio.Group
          value={mode}
          onChange={(e) => setMode(e.target.value as Mode)}
          options={[
            { value: 'skip-bad', label: t('admin.import.modeSkipBad') },
            { value: 'all-or-nothing', label: t('admin.import.modeAllOrNothing') },
          ]}
          aria-label={t('admin.import.mode')}
        />
        <Upload.Dragger
          accept=".xlsx,.csv"
          showUploadList={false}
          disabled={!!j && j.status === 'running'}
          customRequest={async ({ file, onSuccess, onError }) => {
            setError(null);
            setPasswords(null);
            const form = new FormData();
            form.append('kind', kind);
            form.append('mode', mode);
            form.append('file', file as Blob);
            try {
              const started = await api<{ id: string }>('/api/imports', { form });
              setJobId(started.id);
              onSuccess?.(started);
            } catch (err) {
              setError(err instanceof ApiError ? err.message : t('common.networkError'));
              onError?.(err as Error);
            }
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('admin.import.drop')}</p>
          <p className="ant-upload-hint">{t('admin.import.hint')}</p>
        </Upload.Dragger>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        {j && (
          <div data-testid="import-progress" data-status={j.status}>
            <Typography.Text strong>{j.fileName}</Typography.Text>
            <Progress
              percent={j.total ? Math.floor((j.processed / j.total) * 100) : finished ? 100 : 0}
              status={
                j.status === 'running'
                  ? 'active'
                  : j.status === 'done'
                    ? j.rejected
                      ? 'normal'
                      : 'success'
                    : 'exception'
              }
              format={() => `${j.processed} / ${j.total}`}
            />
            {j.status === 'refused' && (
              <Alert type="warning" showIcon title={t('admin.import.refused')} style={{ marginTop: 8 }} />
            )}
            {j.status === 'failed' && (
              <Alert
                type="error"
                showIcon
                title={j.error ?? t('admin.import.failed')}
                style={{ marginTop: 8 }}
              />
            )}
            {finished && (
              <>
                <Space size={32} style={{ margin: '12px 0' }}>
                  <Statistic title={t('admin.import.accepted')} value={j.accepted} />
                  <Statistic title={t('admin.import.rejected')} value={j.rejected} />
                  <Statistic title={t('admin.import.alreadyImported')} value={j.alreadyImported} />
                </Space>
                {passwords && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('admin.imports.passwords')}
                    description={
                      <div data-testid="import-passwords">
                        <Typography.Paragraph>{t('admin.imports.passwordsHint')}</Typography.Paragraph>
                        <Button
                          size="small"
                          style={{ marginBottom: 8 }}
                          onClick={() => download(passwordsCsv(passwords, lang), `${kind}-passwords.csv`)}
                        >
                          {t('admin.imports.savePasswords')}
                        </Button>
                        <Table
                          rowKey="row"
                          size="small"
                          dataSource={passwords}
                          pagination={{ pageSize: 10, showSizeChanger: false }}
                          columns={[
                            { title: t('admin.import.row'), dataIndex: 'row', width: 80 },
                            { title: t('admin.imports.username'), dataIndex: 'username' },
                            {
                              title: t('admin.imports.password'),
                              dataIndex: 'password',
                              render: (p: string) => (
                                <Typography.Text code copyable>
                                  {p}
                                </Typography.Text>
                              ),
                            },
                          ]}
                        />
                      </div>
                    }
                  />
                )}
                {(j.report.rejected?.length ?? 0) > 0 && (
                  <>
                    <Space style={{ marginBottom: 8 }}>
                      <Typography.Text strong>{t('admin.import.badRows')}</Typography.Text>
                      <Button size="small" onClick={saveReport}>
                        {t('admin.import.saveReport')}
                      </Button>
                      {j.report.truncated && (
                        <Typography.Text type="secondary">{t('admin.import.truncated')}</Typography.Text>
                      )}
                    </Space>
                    <Table
                      rowKey="row"
                      size="small"
                      dataSource={j.report.rejected}
                      pagination={{ pageSize: 10, showSizeChanger: false }}
                      data-testid="import-bad-rows"
                      columns={[
                        { title: t('admin.import.row'), dataIndex: 'row', width: 80 },
                        {
                          title: t('admin.import.problems'),
                          key: 'problems',
                          render: (_: unknown, r: { problems: ImportProblem[] }) =>
                            r.problems.map((p, i) => <div key={i}>{lang === 'en' ? p.en : p.zh}</div>),
                        },
                      ]}
                    />
                  </>
                )}
              </>
            )}
          </div>
        )}
      </Space>
    </div>
  );
}
