// 抽查回访: the call-backs assigned to the user (and, for those who oversee an area, all of it), a
// form to record one (reached? satisfied? solved?), and the sample's rates next to 办结率.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Radio,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isAnalysisAllowed } from '../../../../src/core/workflow/policy';
import { SATISFACTIONS } from '../../../../src/core/workflow/case-model';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { useUser } from '../../auth/session';
import { LoadError, LoadMore } from '../oversight/parts';
import { formatTime } from '../work/format';
import { WARNINGS_KEY, useCategoryName } from './shared';
import {
  checkBody,
  checkErrors,
  percent,
  qualityUrl,
  type CheckValues,
  type QualityCheck,
  type QualityRates,
} from './rules';

const QUALITY_KEY = [...WARNINGS_KEY, 'quality'] as const;
const STATUS_COLOR = { pending: 'processing', done: 'green', unreachable: 'default' } as const;

export function QualityChecksPage() {
  const { t } = useTranslation();
  const user = useUser();
  const catName = useCategoryName();
  const oversees = isAnalysisAllowed(user.role, 'read_quality', ['in_scope']);
  const [scope, setScope] = useState<'mine' | 'scope'>('mine');
  const [recording, setRecording] = useState<QualityCheck | null>(null);
  const q = useInfiniteQuery({
    queryKey: [...QUALITY_KEY, 'list', scope],
    queryFn: ({ pageParam, signal }) => api<Page<QualityCheck>>(qualityUrl(scope, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rates = useQuery({
    queryKey: [...QUALITY_KEY, 'rates'],
    queryFn: ({ signal }) => api<QualityRates>('/api/quality-checks/rates', { signal }),
    enabled: oversees,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<QualityCheck> = [
    { title: t('warnings.quality.col.week'), dataIndex: 'weekStart', width: 110 },
    {
      title: t('warnings.quality.col.case'),
      key: 'case',
      render: (_: unknown, c) => (
        <Space direction="vertical" size={0}>
          <Link to={`/cases/${c.caseId}`} title={t('warnings.quality.openCase')}>
            {c.caseNo}
          </Link>
          <Typography.Text type="secondary">
            {c.title} · {catName(c.categoryCode)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('warnings.quality.col.concluded'),
      dataIndex: 'concludedAt',
      width: 140,
      render: (v: string) => formatTime(v),
    },
    {
      title: t('warnings.quality.col.caseSatisfaction'),
      dataIndex: 'caseSatisfaction',
      width: 110,
      render: (v: string | null) => (v ? t(`common.satisfaction.${v}`) : '—'),
    },
    ...(scope === 'scope'
      ? [{ title: t('warnings.quality.col.assignee'), dataIndex: 'assigneeName', width: 100 }]
      : []),
    {
      title: t('warnings.quality.col.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: QualityCheck['status']) => (
        <Tag color={STATUS_COLOR[v]}>{t(`warnings.quality.status.${v}`)}</Tag>
      ),
    },
    {
      title: t('warnings.quality.col.result'),
      key: 'result',
      width: 180,
      render: (_: unknown, c) =>
        c.status === 'done'
          ? `${t(`common.satisfaction.${c.satisfaction}`)} · ${t(c.reopenNeeded ? 'warnings.quality.unsolved' : 'warnings.quality.solved')}`
          : (c.note ?? ''),
    },
    {
      title: t('warnings.quality.col.action'),
      key: 'action',
      width: 110,
      render: (_: unknown, c) =>
        c.mine && c.status === 'pending' ? (
          <Button
            size="small"
            type="primary"
            onClick={() => setRecording(c)}
            data-testid={`quality-record-${c.id}`}
          >
            {t('warnings.quality.record')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <Typography.Title level={3}>{t('warnings.quality.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('warnings.quality.hint')}</Typography.Paragraph>
      {oversees && rates.data && (
        <Card
          size="small"
          title={t('warnings.quality.rates')}
          style={{ marginBottom: 16 }}
          data-testid="quality-rates"
        >
          <Space size="large" wrap>
            <Statistic title={t('warnings.quality.sampled')} value={rates.data.sampled} />
            <Statistic title={t('warnings.quality.reachedCount')} value={rates.data.reached} />
            <Statistic
              title={t('warnings.quality.satisfactionRate')}
              value={percent(rates.data.satisfactionRate) ?? t('warnings.quality.none')}
            />
            <Statistic
              title={t('warnings.quality.reopenRate')}
              value={percent(rates.data.reopenRate) ?? t('warnings.quality.none')}
            />
          </Space>
        </Card>
      )}
      {oversees && (
        <Segmented
          style={{ marginBottom: 12 }}
          value={scope}
          onChange={(v) => setScope(v as 'mine' | 'scope')}
          options={[
            { value: 'mine', label: t('warnings.quality.mine') },
            { value: 'scope', label: t('warnings.quality.scope') },
          ]}
        />
      )}
      {q.error ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <section aria-label={t('warnings.quality.title')}>
          <Table<QualityCheck>
            rowKey="id"
            size="middle"
            loading={q.isLoading}
            dataSource={items}
            columns={columns}
            pagination={false}
            scroll={{ x: 1000 }}
            locale={{ emptyText: t('warnings.quality.empty') }}
            data-testid="quality-table"
          />
          <LoadMore
            shown={items.length}
            hasNextPage={q.hasNextPage}
            fetching={q.isFetchingNextPage}
            onMore={() => void q.fetchNextPage()}
          />
        </section>
      )}
      {recording && <RecordModal check={recording} onClose={() => setRecording(null)} />}
    </>
  );
}

function RecordModal({ check, onClose }: { check: QualityCheck; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CheckValues>();
  const reached = Form.useWatch('reached', form);
  const save = useMutation({
    mutationFn: (v: CheckValues) => api(`/api/quality-checks/${check.id}/result`, { body: checkBody(v) }),
    onSuccess: () => {
      message.success(t('warnings.quality.saved'));
      void client.invalidateQueries({ queryKey: [...WARNINGS_KEY] });
      onClose();
    },
  });
  const required = (field: 'reached' | 'satisfaction' | 'reopenNeeded') => ({
    validator: () =>
      checkErrors(form.getFieldsValue(true) as CheckValues).includes(field)
        ? Promise.reject(new Error(t('warnings.quality.required')))
        : Promise.resolve(),
  });
  return (
    <Modal
      open
      title={t('warnings.quality.recordTitle', { caseNo: check.caseNo })}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(() => save.mutate(form.getFieldsValue(true) as CheckValues))
      }
      confirmLoading={save.isPending}
      destroyOnHidden
      data-testid="quality-modal"
    >
      {save.error && <Alert type="error" showIcon title={save.error.message} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reached" label={t('warnings.quality.reached')} rules={[required('reached')]}>
          <Radio.Group
            options={[
              { value: true, label: t('warnings.quality.reachedYes') },
              { value: false, label: t('warnings.quality.reachedNo') },
            ]}
          />
        </Form.Item>
        {reached === true && (
          <>
            <Form.Item
              name="satisfaction"
              label={t('warnings.quality.satisfaction')}
              rules={[required('satisfaction')]}
            >
              <Radio.Group
                options={SATISFACTIONS.map((s) => ({ value: s, label: t(`common.satisfaction.${s}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="reopenNeeded"
              label={t('warnings.quality.reopenNeeded')}
              rules={[required('reopenNeeded')]}
            >
              <Radio.Group
                options={[
                  { value: false, label: t('warnings.quality.solved') },
                  { value: true, label: t('warnings.quality.unsolved') },
                ]}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label={t('warnings.quality.note')}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
