// One grid report: what was found, where, its photos and its short loop (reported → assigned →
// concluded) as a timeline; the dispatcher assigns it to the responsible unit (the unit tree the
// case pages use) and that unit's staff conclude it. A dispute is a case: its page has the loop.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Skeleton,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError } from '../../api/client';
import { useUser } from '../../auth/session';
import { formatTime } from '../work/format';
import { Deadline } from '../work/tags';
import { HandlingUnitPicker } from '../work/UnitPickers';
import type { GridReportDetail } from './grid-api';
import { Photos, ReportStatusTag, ReportTypeTag } from './parts';
import { mayAssign, mayConclude } from './rules';

const EVENT_COLOR: Record<string, string> = { report: 'blue', assign: 'cyan', conclude: 'green' };

export function ReportDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const q = useQuery({
    queryKey: ['grid', 'report', id],
    queryFn: ({ signal }) => api<GridReportDetail>(`/api/grid/reports/${id}`, { signal }),
    staleTime: 0,
  });
  const r = q.data;

  return (
    <Drawer
      open
      onClose={onClose}
      size={640}
      title={r ? <ReportTypeTag type={r.type} /> : t('grid.reports.detail')}
      extra={r && <ReportStatusTag status={r.status} />}
      destroyOnHidden
      data-testid="report-drawer"
    >
      {q.error ? (
        <Alert type="error" showIcon title={q.error.message} />
      ) : !r ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('grid.col.description')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{r.description}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('grid.col.region')}>{r.regionName ?? r.regionCode}</Descriptions.Item>
            {r.place && <Descriptions.Item label={t('grid.col.place')}>{r.place}</Descriptions.Item>}
            {r.position && (
              <Descriptions.Item label={t('grid.col.position')}>
                {r.position.lat.toFixed(5)}, {r.position.lng.toFixed(5)}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('grid.col.reporter')}>
              {r.reporterName ?? '—'} · {formatTime(r.reportedAt)}
            </Descriptions.Item>
            {r.caseId ? (
              <Descriptions.Item label={t('grid.case')}>
                <Link to={`/cases/${r.caseId}`} data-testid="report-case">
                  {r.caseNo ?? t('grid.openCase')}
                </Link>
              </Descriptions.Item>
            ) : (
              <>
                <Descriptions.Item label={t('grid.col.unit')}>
                  <span data-testid="report-unit">{r.unitName ?? '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('grid.col.deadline')}>
                  {r.status === 'concluded' ? (
                    t('grid.concludedAt', { at: formatTime(r.concludedAt) })
                  ) : (
                    <Deadline at={r.deadline} light={r.light} />
                  )}
                </Descriptions.Item>
              </>
            )}
            {r.result && (
              <Descriptions.Item label={t('grid.col.result')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{r.result}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Card size="small" title={t('grid.photos')} style={{ marginBottom: 16 }}>
            <Photos ids={r.photoIds ?? []} size={96} />
          </Card>
          {mayAssign(user, r) && (r.allowed?.assign ?? true) && <AssignForm report={r} />}
          {mayConclude(user, r) && (r.allowed?.conclude ?? true) && <ConcludeForm report={r} />}
          <Card size="small" title={t('grid.timeline')}>
            <Timeline
              data-testid="report-timeline"
              items={(r.events ?? []).map((e, i) => ({
                key: i,
                color: EVENT_COLOR[e.action] ?? 'gray',
                content: (
                  <div data-action={e.action}>
                    <Space size={8} wrap>
                      <Typography.Text strong>
                        {t(`grid.event.${e.action}`, { defaultValue: e.action })}
                      </Typography.Text>
                      <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text>
                    </Space>
                    <div>
                      <Typography.Text type="secondary">
                        {[e.actorName, e.actorUnitName].filter(Boolean).join(' · ')}
                      </Typography.Text>
                    </div>
                    {e.action === 'assign' && e.unitName && (
                      <div>
                        <Typography.Text type="secondary">{t('grid.col.unit')}：</Typography.Text>
                        {e.unitName}
                      </div>
                    )}
                    {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </>
      )}
    </Drawer>
  );
}

/** After an action: the report and every list that may show it are read again. */
function useRefresh(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['grid', 'report', id] }),
      queryClient.invalidateQueries({ queryKey: ['grid', 'reports'] }),
      queryClient.invalidateQueries({ queryKey: ['grid', 'stats'] }),
    ]);
}

function AssignForm({ report }: { report: GridReportDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ unitId: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = useRefresh(report.id);

  const submit = async (v: { unitId: string; note?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/grid/reports/${report.id}/assign`, {
        body: { unitId: v.unitId, ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
      });
      void message.success(t('grid.assign.done'));
      form.resetFields();
      await refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={report.unitId ? t('grid.assign.reassignTitle') : t('grid.assign.title')}
      style={{ marginBottom: 16 }}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="assign-form">
        <Form.Item
          name="unitId"
          label={t('grid.assign.unit')}
          htmlFor="assign-unit"
          rules={[{ required: true, message: t('grid.assign.unitRequired') }]}
        >
          <HandlingUnitPicker
            id="assign-unit"
            c={{ regionCode: report.regionCode }}
            exclude={report.unitId ? [report.unitId] : []}
          />
        </Form.Item>
        <Form.Item name="note" label={t('grid.assign.note')} htmlFor="assign-note">
          <Input.TextArea id="assign-note" rows={2} maxLength={500} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('grid.assign.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function ConcludeForm({ report }: { report: GridReportDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ result: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = useRefresh(report.id);

  const submit = async (v: { result: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/grid/reports/${report.id}/conclude`, { body: { result: v.result.trim() } });
      void message.success(t('grid.conclude.done'));
      await refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('grid.conclude.title')} style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="conclude-form">
        <Form.Item
          name="result"
          label={t('grid.conclude.result')}
          htmlFor="conclude-result"
          rules={[
            {
              validator: (_, v: string | undefined) =>
                (v ?? '').trim().length >= 2
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('grid.conclude.resultRequired'))),
            },
          ]}
        >
          <Input.TextArea id="conclude-result" rows={3} maxLength={2000} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('grid.conclude.submit')}
        </Button>
      </Form>
    </Card>
  );
}
