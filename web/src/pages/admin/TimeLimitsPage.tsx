// 办理时限 — the system administrator's time-limit rules: stage × category × level × mediation kind
// → working days. Change the days, add a narrower rule, switch one off; every change is audited and
// applies to clocks started from then on.
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { currentLang } from '../../i18n';
import { STAGES } from '../../../../src/core/deadlines/time-limits';
import { MEDIATION_KINDS } from '../../../../src/core/organization/unit-shape';
import { HANDLING_LEVELS } from '../../../../src/core/workflow/case-model';
import { send } from './admin-api';
import { AdminOnly } from './AdminOnly';
import { useAdminCategories, useTimeLimits } from './config-api';
import {
  ANY,
  duplicateLimit,
  limitCreateBody,
  sortLimits,
  type LimitFormValues,
  type TimeLimit,
} from './config-forms';

export function TimeLimitsPage() {
  return (
    <AdminOnly role="sys_admin">
      <TimeLimits />
    </AdminOnly>
  );
}

const fail = (err: unknown) => (err instanceof ApiError ? err.message : String(err));

function TimeLimits() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useTimeLimits();
  const categories = useAdminCategories();
  const [editing, setEditing] = useState<TimeLimit | 'new' | null>(null);
  const en = currentLang() === 'en';
  const categoryName = (code: string | null) => {
    if (code === null) return <Typography.Text type="secondary">{t('admin.timeLimits.any')}</Typography.Text>;
    const c = categories.data?.find((x) => x.code === code);
    return c ? (en ? c.nameEn : c.nameZh) : code;
  };
  const any = <Typography.Text type="secondary">{t('admin.timeLimits.any')}</Typography.Text>;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'time-limits'] });

  const setActive = async (r: TimeLimit, active: boolean) => {
    try {
      await send('PATCH', `/api/time-limits/${r.id}`, { active });
      message.success(t('admin.saved'));
      await refresh();
    } catch (err) {
      message.error(fail(err));
    }
  };

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.timeLimits.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.timeLimits.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('admin.timeLimits.create')}
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={fail(list.error)} style={{ marginBottom: 12 }} />}
      <Table<TimeLimit>
        rowKey="id"
        size="small"
        aria-label={t('admin.timeLimits.title')}
        loading={list.isLoading}
        dataSource={sortLimits(list.data ?? [])}
        pagination={false}
        columns={[
          {
            title: t('admin.timeLimits.stage'),
            dataIndex: 'stage',
            width: 90,
            render: (s: string) => t(`admin.timeLimits.stages.${s}`),
          },
          { title: t('admin.timeLimits.category'), dataIndex: 'categoryCode', render: categoryName },
          {
            title: t('admin.timeLimits.level'),
            dataIndex: 'level',
            render: (l: string | null) => (l ? t(`admin.regions.levels.${l}`) : any),
          },
          {
            title: t('admin.timeLimits.mediationKind'),
            dataIndex: 'mediationKind',
            render: (m: string | null) => (m ? t(`admin.units.mediation.${m}`) : any),
          },
          {
            title: t('admin.timeLimits.workingDays'),
            dataIndex: 'workingDays',
            width: 130,
            render: (n: number) => t('admin.timeLimits.days', { count: n }),
          },
          {
            title: t('admin.users.status'),
            dataIndex: 'active',
            width: 80,
            render: (a: boolean) => (
              <Tag color={a ? 'green' : 'default'}>{t(a ? 'admin.active' : 'admin.inactive')}</Tag>
            ),
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 130,
            render: (_, r) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(r)}>
                  {t('admin.edit')}
                </Button>
                {r.active ? (
                  <Popconfirm
                    title={t('admin.timeLimits.deactivateConfirm')}
                    onConfirm={() => setActive(r, false)}
                  >
                    <Button type="link" size="small" danger>
                      {t('admin.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => setActive(r, true)}>
                    {t('admin.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <LimitModal
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
        editing={editing}
        rules={list.data ?? []}
        categoryOptions={(categories.data ?? [])
          .filter((c) => c.active)
          .map((c) => ({ value: c.code, label: en ? c.nameEn : c.nameZh }))}
        describe={(r) =>
          [
            t(`admin.timeLimits.stages.${r.stage}`),
            r.categoryCode ? categoryName(r.categoryCode) : null,
            r.level ? t(`admin.regions.levels.${r.level}`) : null,
            r.mediationKind ? t(`admin.units.mediation.${r.mediationKind}`) : null,
          ]
            .filter((x) => typeof x === 'string')
            .join(' · ')
        }
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          message.success(t('admin.saved'));
          void refresh();
        }}
      />
    </>
  );
}

function LimitModal({
  editing,
  rules,
  categoryOptions,
  describe,
  onClose,
  onSaved,
}: {
  editing: TimeLimit | 'new' | null;
  rules: TimeLimit[];
  categoryOptions: { value: string; label: string }[];
  describe: (r: TimeLimit) => string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LimitFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const original = editing && editing !== 'new' ? editing : null;
  const values = Form.useWatch([], form) as LimitFormValues | undefined;
  const duplicate = !original && values?.stage ? duplicateLimit(rules, values) : undefined;
  const anyOption = { value: ANY, label: t('admin.timeLimits.any') };

  const submit = async (v: LimitFormValues) => {
    setBusy(true);
    setError(null);
    try {
      if (original) {
        if (v.workingDays !== original.workingDays)
          await send('PATCH', `/api/time-limits/${original.id}`, { workingDays: v.workingDays });
      } else {
        await send('POST', '/api/time-limits', limitCreateBody(v));
      }
      onSaved();
    } catch (err) {
      setError(fail(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={editing !== null}
      title={
        original ? `${t('admin.timeLimits.change')} · ${describe(original)}` : t('admin.timeLimits.create')
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: busy, disabled: !!duplicate }}
      destroyOnHidden
    >
      <Form
        form={form}
        name="timeLimit"
        layout="vertical"
        onFinish={submit}
        initialValues={
          original
            ? { workingDays: original.workingDays }
            : { categoryCode: ANY, level: ANY, mediationKind: ANY }
        }
      >
        {error && (
          <Typography.Paragraph type="danger" role="alert">
            {error}
          </Typography.Paragraph>
        )}
        {!original && (
          <>
            <Form.Item name="stage" label={t('admin.timeLimits.stage')} rules={[{ required: true }]}>
              <Select options={STAGES.map((s) => ({ value: s, label: t(`admin.timeLimits.stages.${s}`) }))} />
            </Form.Item>
            <Form.Item name="categoryCode" label={t('admin.timeLimits.category')}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={[anyOption, ...categoryOptions]} />
            </Form.Item>
            <Form.Item name="level" label={t('admin.timeLimits.level')}>
              <Select
                options={[
                  anyOption,
                  ...HANDLING_LEVELS.map((l) => ({ value: l, label: t(`admin.regions.levels.${l}`) })),
                ]}
              />
            </Form.Item>
            <Form.Item name="mediationKind" label={t('admin.timeLimits.mediationKind')}>
              <Select
                options={[
                  anyOption,
                  ...MEDIATION_KINDS.map((m) => ({ value: m, label: t(`admin.units.mediation.${m}`) })),
                ]}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="workingDays"
          label={t('admin.timeLimits.workingDays')}
          rules={[{ required: true, type: 'integer', min: 0, max: 365 }]}
        >
          <InputNumber min={0} max={365} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {duplicate && (
          <Alert
            type="warning"
            showIcon
            title={t('admin.timeLimits.duplicate', { count: duplicate.workingDays })}
          />
        )}
      </Form>
    </Modal>
  );
}
