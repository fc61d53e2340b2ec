// One record of base information: every field, personal ones masked with a 查看 (show) button for
// the roles that may unmask — it asks for a reason and the server logs the view (the same unmask
// modal as the case parties'); editing for those who may write; a resident's key groups (重点人群)
// for the roles allowed to see them, flagged and cleared with a reason by those allowed to.
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
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleMayOnBaseInfo } from '../../../../src/core/workflow/policy';
import { api, ApiError } from '../../api/client';
import { useUser } from '../../auth/session';
import { formatTime } from '../work/format';
import { UnmaskModal, type UnmaskField } from '../work/UnmaskModal';
import {
  PERSONAL_FIELDS,
  itemUrl,
  recordTitle,
  type BaseKind,
  type BaseRecord,
  type Resident,
} from './base-api';
import { BaseForm, fieldLabel, optionLabel } from './BaseForm';
import { FIELDS, KEY_GROUPS } from './base-rules';

export function BaseDrawer({ kind, id, onClose }: { kind: BaseKind; id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const [editing, setEditing] = useState(false);
  const [clear, setClear] = useState<Record<string, string | null>>({});
  const [asking, setAsking] = useState<{ prop: string; field: UnmaskField } | null>(null);
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: ['base', kind, 'item', id],
    queryFn: ({ signal }) => api<BaseRecord>(itemUrl(kind, id), { signal }),
    staleTime: 0,
  });
  const r = q.data as (BaseRecord & Record<string, unknown>) | undefined;
  const canUnmask = roleMayOnBaseInfo(user.role, 'base_unmask') && !!r?.regionCode.startsWith(user.scopeCode);
  const canWrite = roleMayOnBaseInfo(user.role, 'base_write') && !!r?.regionCode.startsWith(user.scopeCode);
  const personal = new Map(PERSONAL_FIELDS[kind].map((p) => [p.prop, p.field]));

  const value = (name: string) => {
    if (!r) return null;
    const v = r[name];
    const field = personal.get(name);
    if (field) {
      if (name in clear) {
        return (
          <Typography.Text copyable data-testid={`clear-${name}`}>
            {clear[name] ?? '—'}
          </Typography.Text>
        );
      }
      if (v === null || v === undefined || v === '') return '—';
      return (
        <Space size={4}>
          <span data-testid={`masked-${name}`}>{String(v)}</span>
          {canUnmask && (
            <Button
              size="small"
              type="link"
              onClick={() => setAsking({ prop: name, field })}
              aria-label={t('base.showLabel', { field: fieldLabel(t, kind, name) })}
              data-testid={`show-${name}`}
            >
              {t('base.show')}
            </Button>
          )}
        </Space>
      );
    }
    if (name === 'regionCode') return r.regionName ?? r.regionCode;
    // the year only is ever shown (a birth date beside the masked ID number would give it away)
    if (name === 'birthDate') return (r.birthYear as number | null | undefined) ?? '—';
    const def = FIELDS[kind].find((d) => d.name === name);
    if (def?.optionsOf && typeof v === 'string') return optionLabel(t, def.optionsOf, v);
    return v === null || v === undefined || v === '' ? '—' : String(v);
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size={600}
      title={r ? recordTitle(kind, r) : t(`base.detail.${kind}`)}
      extra={
        canWrite && (
          <Button onClick={() => setEditing(true)} data-testid="base-edit">
            {t('base.edit')}
          </Button>
        )
      }
      destroyOnHidden
      data-testid="base-drawer"
    >
      {q.error ? (
        <Alert type="error" showIcon title={q.error.message} />
      ) : !r ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            {FIELDS[kind].map((d) => (
              <Descriptions.Item
                key={d.name}
                label={d.name === 'birthDate' ? t('base.field.birthYear') : fieldLabel(t, kind, d.name)}
              >
                {value(d.name)}
              </Descriptions.Item>
            ))}
            {r.updatedAt && (
              <Descriptions.Item label={t('base.updatedAt')}>{formatTime(r.updatedAt)}</Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Paragraph type="secondary">{t('base.unmaskHint')}</Typography.Paragraph>
          {kind === 'residents' && roleMayOnBaseInfo(user.role, 'key_groups_read') && (
            <KeyGroupsCard resident={r as Resident} />
          )}
        </>
      )}
      {asking && r && (
        <UnmaskModal
          url={`${itemUrl(kind, id)}/unmask`}
          subject={recordTitle(kind, r)}
          field={asking.field}
          fieldName={fieldLabel(t, kind, asking.prop)}
          okText={t('base.show')}
          onClose={() => setAsking(null)}
          onShown={(v) => {
            setClear((c) => ({ ...c, [asking.prop]: v }));
            setAsking(null);
          }}
        />
      )}
      {editing && r && (
        <BaseForm
          kind={kind}
          record={r}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setClear({});
            void queryClient.invalidateQueries({ queryKey: ['base', kind] });
          }}
        />
      )}
    </Drawer>
  );
}

function KeyGroupsCard({ resident }: { resident: Resident }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const queryClient = useQueryClient();
  const canFlag =
    roleMayOnBaseInfo(user.role, 'key_groups_flag') && resident.regionCode.startsWith(user.scopeCode);
  const current = resident.keyGroups ?? [];
  const [form] = Form.useForm<{ groups: string[]; reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: { groups: string[]; reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/base/residents/${resident.id}/key-groups`, {
        body: { groups: v.groups ?? [], reason: v.reason.trim() },
      });
      void message.success(t('base.keyGroups.saved'));
      form.setFieldValue('reason', '');
      await queryClient.invalidateQueries({ queryKey: ['base', 'residents'] });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('base.field.keyGroups')} data-testid="key-groups">
      <div style={{ marginBottom: 12 }}>
        {current.length === 0 ? (
          <Typography.Text type="secondary">{t('base.keyGroups.none')}</Typography.Text>
        ) : (
          current.map((g) => (
            <Tag key={g} color="volcano">
              {t(`base.option.keyGroup.${g}`, { defaultValue: g })}
            </Tag>
          ))
        )}
      </div>
      {canFlag && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ groups: current }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="groups" label={t('base.keyGroups.set')} htmlFor="kg-groups">
            <Select
              id="kg-groups"
              mode="multiple"
              allowClear
              options={KEY_GROUPS.map((g) => ({ value: g, label: t(`base.option.keyGroup.${g}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('base.keyGroups.reason')}
            htmlFor="kg-reason"
            rules={[
              {
                validator: (_, v: string | undefined) =>
                  (v ?? '').trim().length >= 2
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('base.keyGroups.reasonRequired'))),
              },
            ]}
          >
            <Input id="kg-reason" maxLength={500} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
          <Button htmlType="submit" loading={busy}>
            {t('base.keyGroups.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
