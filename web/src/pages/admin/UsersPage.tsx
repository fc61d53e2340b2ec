// 用户管理 — the security administrator's page: find accounts, create one (its one-time password
// shown once), change role / unit / scope, deactivate, reset a password, lift a lockout.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, qs } from '../../api/client';
import type { StaffRole } from '../../../../src/core/workflow/case-model';
import {
  ASSIGNABLE_ROLES,
  USERNAME_PATTERN,
  accountStatus,
  asksForGrid,
  changeBody,
  createBody,
  unitKindsFor,
  type Account,
  type AccountFormValues,
} from './account-form';
import { send, useRegionChildren, usePaged, type PublicUnit } from './admin-api';
import { AdminOnly } from './AdminOnly';
import { OneTimePasswordModal, type OneTimePassword } from './OneTimePasswordModal';

interface Filters {
  q?: string;
  role?: StaffRole;
  scope?: string;
  active?: 'true' | 'false';
}

const STATUS_COLOR = { active: 'green', inactive: 'default', locked: 'red', mustChange: 'orange' } as const;

export function UsersPage() {
  return (
    <AdminOnly role="security_admin">
      <Users />
    </AdminOnly>
  );
}

function Users() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<Filters>({ active: 'true' });
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [otp, setOtp] = useState<OneTimePassword | null>(null);
  const list = usePaged<Account>(['admin', 'users'], '/api/admin/users', { ...filters, limit: 50 });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
  const fail = (err: unknown) => message.error(err instanceof ApiError ? err.message : String(err));

  const setActive = async (a: Account, active: boolean) => {
    try {
      await send('PATCH', `/api/admin/users/${a.id}`, { active });
      message.success(t('admin.saved'));
      await refresh();
    } catch (err) {
      fail(err);
    }
  };
  const reset = async (a: Account) => {
    try {
      const res = await send<{ oneTimePassword: string }>(
        'POST',
        `/api/admin/users/${a.id}/reset-password`,
        {},
      );
      setOtp({ username: a.username, displayName: a.displayName, password: res.oneTimePassword });
      await refresh();
    } catch (err) {
      fail(err);
    }
  };
  const unlock = async (a: Account) => {
    try {
      await send('POST', `/api/admin/users/${a.id}/unlock`, {});
      message.success(t('admin.users.unlocked'));
      await refresh();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <div>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('admin.users.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('admin.users.intro')}</Typography.Paragraph>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('admin.users.create')}
        </Button>
      </Space>

      <Form
        name="userFilters"
        initialValues={{ active: 'true' }}
        layout="inline"
        aria-label={t('admin.filters')}
        onFinish={(v: Filters) =>
          setFilters(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')))
        }
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="q" label={t('admin.users.search')}>
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="role" label={t('admin.users.role')}>
          <Select
            allowClear
            style={{ width: 150 }}
            options={[...ASSIGNABLE_ROLES, 'sys_admin', 'security_admin', 'audit_admin'].map((r) => ({
              value: r,
              label: t(`common.role.${r}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="scope" label={t('admin.users.scopeFilter')} rules={[{ pattern: /^\d{2,15}$/ }]}>
          <Input allowClear style={{ width: 150 }} placeholder="371403105" />
        </Form.Item>
        <Form.Item name="active" label={t('admin.users.status')}>
          <Select
            allowClear
            style={{ width: 100 }}
            options={[
              { value: 'true', label: t('admin.active') },
              { value: 'false', label: t('admin.inactive') },
            ]}
          />
        </Form.Item>
        <Button htmlType="submit">{t('common.search')}</Button>
      </Form>

      <Table<Account>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        columns={[
          { title: t('admin.users.username'), dataIndex: 'username', width: 170 },
          { title: t('admin.users.displayName'), dataIndex: 'displayName', width: 110 },
          {
            title: t('admin.users.role'),
            dataIndex: 'role',
            width: 120,
            render: (r: string) => t(`common.role.${r}`),
          },
          { title: t('admin.users.unit'), dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
          {
            title: t('admin.users.scope'),
            dataIndex: 'scopeName',
            width: 160,
            render: (v: string | null, a) => (
              <span title={a.scopeCode}>
                {v ?? a.scopeCode} <Typography.Text type="secondary">{a.scopeCode}</Typography.Text>
              </span>
            ),
          },
          {
            title: t('admin.users.status'),
            key: 'status',
            width: 170,
            render: (_, a) => (
              <Space size={4} wrap>
                {accountStatus(a).map((s) => (
                  <Tag key={s} color={STATUS_COLOR[s]}>
                    {s === 'active' || s === 'inactive' ? t(`admin.${s}`) : t(`admin.users.${s}`)}
                  </Tag>
                ))}
                {a.isDemo && <Tag>{t('admin.users.demo')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            fixed: 'right' as const,
            width: 260,
            render: (_, a) =>
              a.administrator ? (
                <Typography.Text type="secondary">{t('admin.users.administrator')}</Typography.Text>
              ) : (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => setEditing(a)}>
                    {t('admin.edit')}
                  </Button>
                  {a.active ? (
                    <Popconfirm
                      title={t('admin.users.deactivateConfirm', { name: a.displayName })}
                      onConfirm={() => setActive(a, false)}
                    >
                      <Button type="link" size="small" danger>
                        {t('admin.deactivate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button type="link" size="small" onClick={() => setActive(a, true)}>
                      {t('admin.activate')}
                    </Button>
                  )}
                  <Popconfirm
                    title={t('admin.users.resetConfirm', { name: a.displayName })}
                    onConfirm={() => reset(a)}
                  >
                    <Button type="link" size="small">
                      {t('admin.users.resetPassword')}
                    </Button>
                  </Popconfirm>
                  {a.locked && (
                    <Button type="link" size="small" onClick={() => unlock(a)}>
                      {t('admin.users.unlock')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <div style={{ textAlign: 'center', marginTop: 12 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('admin.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('admin.noMore')}</Typography.Text>
        )}
      </div>

      <AccountDrawer
        // a fresh drawer (form and state) for each account opened
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
        editing={editing}
        onClose={() => setEditing(null)}
        onCreated={(a, password) => {
          setEditing(null);
          setOtp({ username: a.username, displayName: a.displayName, password });
          void refresh();
        }}
        onSaved={() => {
          setEditing(null);
          message.success(t('admin.saved'));
          void refresh();
        }}
      />
      <OneTimePasswordModal value={otp} onClose={() => setOtp(null)} />
    </>
  );
}

function AccountDrawer({
  editing,
  onClose,
  onCreated,
  onSaved,
}: {
  editing: Account | 'new' | null;
  onClose: () => void;
  onCreated: (a: Account, password: string) => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AccountFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const original = editing && editing !== 'new' ? editing : null;
  const role = Form.useWatch('role', form);
  const unitId = Form.useWatch('unitId', form);
  const [unitText, setUnitText] = useState('');
  // the region node of the unit chosen, so a grid role's grids can be listed under its village
  const [unitRegion, setUnitRegion] = useState<string | null>(null);

  const kinds = unitKindsFor(role);
  const units = useQuery({
    queryKey: ['units', 'pick', kinds, unitText],
    queryFn: async ({ signal }) => {
      const lists = await Promise.all(
        kinds.map((kind) =>
          api<PublicUnit[]>(`/api/units${qs({ kind, q: unitText || undefined, limit: 30 })}`, { signal }),
        ),
      );
      return lists.flat();
    },
    enabled: editing !== null && kinds.length > 0,
  });
  const unitOptions = useMemo(() => {
    const opts = (units.data ?? []).map((u) => ({
      value: u.id,
      label: `${u.name}（${u.code}）`,
      regionCode: u.regionCode,
    }));
    if (original?.unitId && !opts.some((o) => o.value === original.unitId))
      opts.unshift({
        value: original.unitId,
        label: `${original.unitName ?? ''}（${original.unitCode ?? ''}）`,
        regionCode: '',
      });
    return opts;
  }, [units.data, original]);

  const village =
    unitRegion ??
    (original && unitId === original.unitId && asksForGrid(original.role)
      ? original.scopeCode.slice(0, 12)
      : null);
  const grids = useRegionChildren(asksForGrid(role) && village ? village : null);

  const submit = async (v: AccountFormValues) => {
    setBusy(true);
    setError(null);
    try {
      if (original) {
        const body = changeBody(original, v);
        if (body) await send('PATCH', `/api/admin/users/${original.id}`, body);
        onSaved();
      } else {
        const res = await send<{ account: Account; oneTimePassword: string }>(
          'POST',
          '/api/admin/users',
          createBody(v),
        );
        onCreated(res.account, res.oneTimePassword);
      }
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={editing !== null}
      onClose={onClose}
      title={original ? `${t('admin.edit')} · ${original.username}` : t('admin.users.create')}
      size={480}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        name="account"
        layout="vertical"
        onFinish={submit}
        requiredMark
        initialValues={
          original
            ? {
                username: original.username,
                displayName: original.displayName,
                role: original.role,
                unitId: original.unitId,
                scopeCode: original.scopeCode,
              }
            : {}
        }
      >
        {error && (
          <Typography.Paragraph type="danger" role="alert">
            {error}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="username"
          label={t('admin.users.username')}
          extra={original ? undefined : t('admin.users.usernameHelp')}
          rules={[{ required: true }, { pattern: USERNAME_PATTERN, message: t('admin.users.usernameHelp') }]}
          normalize={(v: string) => v.toLowerCase()}
        >
          <Input disabled={original !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('admin.users.displayName')}
          rules={[{ required: true, whitespace: true, max: 40 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true }]}>
          <Select
            options={ASSIGNABLE_ROLES.map((r) => ({ value: r, label: t(`common.role.${r}`) }))}
            onChange={() => form.setFieldsValue({ unitId: undefined, scopeCode: undefined })}
          />
        </Form.Item>
        <Form.Item name="unitId" label={t('admin.users.unit')} rules={[{ required: true }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: setUnitText }}
            placeholder={t('admin.users.unitSearch')}
            options={unitOptions}
            loading={units.isFetching}
            disabled={!role}
            onChange={(_, option) => {
              const picked = Array.isArray(option) ? undefined : option;
              setUnitRegion(picked?.regionCode || null);
              form.setFieldsValue({ scopeCode: undefined });
            }}
          />
        </Form.Item>
        {asksForGrid(role) ? (
          <Form.Item
            name="scopeCode"
            label={t('admin.users.grid')}
            extra={t('admin.users.gridHelp')}
            rules={[{ required: true }]}
          >
            <Select
              disabled={!village}
              loading={grids.isFetching}
              options={(grids.data ?? []).map((g) => ({ value: g.code, label: `${g.name}（${g.code}）` }))}
            />
          </Form.Item>
        ) : (
          <Typography.Paragraph type="secondary">{t('admin.users.scopeFollows')}</Typography.Paragraph>
        )}
      </Form>
    </Drawer>
  );
}
