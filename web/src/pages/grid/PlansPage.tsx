// 巡查计划: the visit and patrol plans the township sets (e.g. "每周走访 5 户" for every grid of a
// village): listed for the chosen place, created and deleted by the dispatcher within their scope.
// Each grid worker's tasks of the day are computed from these (GET /api/grid/tasks/today).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, qs } from '../../api/client';
import { useUser } from '../../auth/session';
import { RegionCascader } from '../intake/RegionCascader';
import { FormModal } from '../oversight/parts';
import { formatTime } from '../work/format';
import { RegionFilter } from '../work/RegionFilter';
import { PLAN_PERIODS, WORK_KINDS, type Plan, type PlanPeriod, type WorkKind } from './grid-api';
import { useUrlFilters } from './parts';

interface PlanValues {
  region: string[];
  kind: WorkKind;
  title: string;
  every: PlanPeriod;
  count: number;
}

export function PlansPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const queryClient = useQueryClient();
  const { values, set } = useUrlFilters(['region'] as const);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<PlanValues>();
  const canEdit = user.role === 'dispatcher';
  const key = ['grid', 'plans', values.region] as const;
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      api<Plan[] | { items: Plan[] }>(`/api/grid/plans${qs({ region: values.region })}`, { signal }),
  });
  const plans = Array.isArray(q.data) ? q.data : (q.data?.items ?? []);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['grid', 'plans'] });

  const remove = async (p: Plan) => {
    try {
      await api(`/api/grid/plans/${p.id}`, { method: 'DELETE' });
      void message.success(t('grid.plans.deleted'));
      await refresh();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : t('common.networkError'));
    }
  };

  return (
    <>
      <Typography.Title level={3}>{t('common.menu.gridPlans')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('grid.plans.hint')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Form layout="inline" aria-label={t('grid.filters')}>
            <Form.Item label={t('grid.region')} htmlFor="gp-region" style={{ minWidth: 320 }}>
              <RegionFilter
                id="gp-region"
                scopeCode={user.scopeCode}
                value={values.region}
                onChange={(region) => set({ region })}
              />
            </Form.Item>
          </Form>
          {canEdit && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="plan-create">
              {t('grid.plans.create')}
            </Button>
          )}
        </Space>
      </Card>
      {q.error ? (
        <Alert type="error" showIcon title={q.error.message} />
      ) : (
        <Table<Plan>
          rowKey="id"
          size="middle"
          loading={q.isLoading}
          dataSource={plans}
          pagination={false}
          locale={{ emptyText: t('grid.plans.empty') }}
          data-testid="grid-plans"
          columns={[
            { title: t('grid.plans.titleCol'), dataIndex: 'title' },
            {
              title: t('grid.region'),
              dataIndex: 'regionName',
              width: 200,
              render: (v: string | null | undefined, p) => v ?? p.regionCode,
            },
            {
              title: t('grid.col.kind'),
              dataIndex: 'kind',
              width: 90,
              render: (v: WorkKind) => <Tag>{t(`grid.kind.${v}`)}</Tag>,
            },
            {
              title: t('grid.plans.requirement'),
              key: 'req',
              width: 160,
              render: (_: unknown, p) => t(`grid.plans.every.${p.every}`, { count: p.count }),
            },
            {
              title: t('grid.plans.createdAt'),
              dataIndex: 'createdAt',
              width: 150,
              render: (v: string | undefined) => formatTime(v),
            },
            ...(canEdit
              ? [
                  {
                    title: '',
                    key: 'actions',
                    width: 90,
                    render: (_: unknown, p: Plan) => (
                      <Popconfirm
                        title={t('grid.plans.deleteConfirm', { title: p.title })}
                        okText={t('grid.plans.delete')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => remove(p)}
                      >
                        <Button danger size="small">
                          {t('grid.plans.delete')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {creating && (
        <FormModal<PlanValues>
          title={t('grid.plans.create')}
          form={form}
          testId="plan-form"
          initialValues={{ kind: 'visit', every: 'week', count: 1 }}
          onClose={() => {
            setCreating(false);
            form.resetFields();
          }}
          submit={async (v) => {
            await api('/api/grid/plans', {
              body: {
                regionCode: v.region[v.region.length - 1],
                kind: v.kind,
                title: v.title.trim(),
                every: v.every,
                count: v.count,
              },
            });
            void message.success(t('grid.plans.created'));
            await refresh();
          }}
        >
          <Form.Item
            name="region"
            label={t('grid.plans.region')}
            extra={t('grid.plans.regionHelp')}
            rules={[
              {
                validator: (_, v: string[] | undefined) =>
                  v && v.length > 0 && (v[v.length - 1] ?? '').length >= 9
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('grid.plans.regionRequired'))),
              },
            ]}
          >
            <RegionCascader scopeCode={user.scopeCode} />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('grid.plans.titleCol')}
            rules={[{ required: true, whitespace: true, message: t('grid.plans.titleRequired') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Space align="start" wrap>
            <Form.Item name="kind" label={t('grid.col.kind')} rules={[{ required: true }]}>
              <Select
                style={{ width: 120 }}
                options={WORK_KINDS.map((k) => ({ value: k, label: t(`grid.kind.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="every" label={t('grid.plans.period')} rules={[{ required: true }]}>
              <Select
                style={{ width: 120 }}
                options={PLAN_PERIODS.map((p) => ({ value: p, label: t(`grid.plans.periodName.${p}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="count"
              label={t('grid.plans.count')}
              rules={[
                { required: true, type: 'integer', min: 1, max: 1000, message: t('grid.plans.countRange') },
              ]}
            >
              <InputNumber min={1} max={1000} precision={0} style={{ width: 100 }} />
            </Form.Item>
          </Space>
        </FormModal>
      )}
    </>
  );
}
