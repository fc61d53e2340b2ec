// 单位管理 — the system administrator's page: the region tree on the left, the units of the chosen
// node (and, if asked, below it) on the right; add a unit, rename or restation it, (de)activate it.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, qs } from '../../api/client';
import { useUser } from '../../auth/session';
import { UNIT_KINDS, type UnitKind } from '../../../../src/core/organization/account-shape';
import { MEDIATION_KINDS, STATIONINGS } from '../../../../src/core/organization/unit-shape';
import type { Page } from '../../api/types';
import { send, usePaged, useRegion, type RegionNode } from './admin-api';
import { AdminOnly } from './AdminOnly';
import { RegionTree } from './RegionTree';
import {
  UNIT_CODE_PATTERN,
  centersFor,
  fieldState,
  kindsAt,
  unitChangeBody,
  unitCreateBody,
  type AdminUnit,
  type UnitFormValues,
} from './unit-form';

export function UnitsPage() {
  return (
    <AdminOnly role="sys_admin">
      <Units />
    </AdminOnly>
  );
}

interface Filters {
  kind?: UnitKind;
  active?: 'true' | 'false';
  q?: string;
}

function Units() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<RegionNode | null>(null);
  // the user's own node (the city, for the system administrator) until another is chosen
  const root = useRegion(user.scopeCode);
  const region = picked ?? root.data ?? null;
  const [below, setBelow] = useState(false);
  const [filters, setFilters] = useState<Filters>({});
  const [editing, setEditing] = useState<AdminUnit | 'new' | null>(null);
  const params = region
    ? { ...(below ? { under: region.code } : { region: region.code }), ...filters, limit: 50 }
    : {};
  const list = usePaged<AdminUnit>(['admin', 'units'], '/api/admin/units', params, region !== null);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'units'] });

  const setActive = async (u: AdminUnit, active: boolean) => {
    try {
      await send('PATCH', `/api/admin/units/${u.id}`, { active });
      message.success(t('admin.saved'));
      await refresh();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.units.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.units.intro')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} lg={7}>
          <Card size="small" title={t('admin.units.regionTree')}>
            <RegionTree
              rootCode={user.scopeCode}
              selected={region?.code ?? null}
              onSelect={setPicked}
              deepest="village"
            />
          </Card>
        </Col>
        <Col xs={24} lg={17}>
          <Card
            size="small"
            title={region ? `${region.name}（${region.code}）` : t('admin.units.pickRegion')}
            extra={
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={!region || kindsAt(region.code).length === 0}
                onClick={() => setEditing('new')}
              >
                {t('admin.units.create')}
              </Button>
            }
          >
            {!region ? (
              <Empty description={t('admin.units.pickRegion')} />
            ) : (
              <>
                <Form
                  name="unitFilters"
                  layout="inline"
                  aria-label={t('admin.filters')}
                  style={{ marginBottom: 12, rowGap: 8 }}
                  onFinish={(v: Filters) =>
                    setFilters(
                      Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')),
                    )
                  }
                >
                  <Form.Item name="q" label={t('admin.units.search')}>
                    <Input allowClear style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name="kind" label={t('admin.units.kind')}>
                    <Select
                      allowClear
                      style={{ width: 140 }}
                      options={UNIT_KINDS.map((k) => ({ value: k, label: t(`admin.units.kinds.${k}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name="active" label={t('admin.users.status')}>
                    <Select
                      allowClear
                      style={{ width: 90 }}
                      options={[
                        { value: 'true', label: t('admin.active') },
                        { value: 'false', label: t('admin.inactive') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item label={t('admin.units.includeBelow')}>
                    <Switch checked={below} onChange={setBelow} />
                  </Form.Item>
                  <Button htmlType="submit">{t('common.search')}</Button>
                </Form>
                <Table<AdminUnit>
                  rowKey="id"
                  size="small"
                  loading={list.isLoading}
                  dataSource={rows}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={[
                    { title: t('admin.units.name'), dataIndex: 'name' },
                    {
                      title: t('admin.units.kind'),
                      dataIndex: 'kind',
                      width: 120,
                      render: (k: string, u) => (
                        <>
                          {t(`admin.units.kinds.${k}`)}
                          {u.departmentType && (
                            <Typography.Text type="secondary"> · {u.departmentType}</Typography.Text>
                          )}
                          {u.mediationKind && (
                            <Typography.Text type="secondary">
                              {' '}
                              · {t(`admin.units.mediation.${u.mediationKind}`)}
                            </Typography.Text>
                          )}
                        </>
                      ),
                    },
                    { title: t('admin.units.code'), dataIndex: 'code', width: 190 },
                    {
                      title: t('admin.units.center'),
                      dataIndex: 'centerName',
                      render: (v: string | null, u) =>
                        v
                          ? `${v}${u.stationing ? ` · ${t(`admin.units.stationings.${u.stationing}`)}` : ''}`
                          : '—',
                    },
                    { title: t('admin.units.activeUsers'), dataIndex: 'activeUsers', width: 90 },
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
                      fixed: 'right' as const,
                      width: 130,
                      render: (_, u) => (
                        <Space size={0}>
                          <Button type="link" size="small" onClick={() => setEditing(u)}>
                            {t('admin.edit')}
                          </Button>
                          {u.active ? (
                            <Popconfirm
                              title={`${t('admin.deactivate')} ${u.name}?`}
                              onConfirm={() => setActive(u, false)}
                            >
                              <Button type="link" size="small" danger>
                                {t('admin.deactivate')}
                              </Button>
                            </Popconfirm>
                          ) : (
                            <Button type="link" size="small" onClick={() => setActive(u, true)}>
                              {t('admin.activate')}
                            </Button>
                          )}
                        </Space>
                      ),
                    },
                  ]}
                />
                {list.hasNextPage && (
                  <div style={{ textAlign: 'center', marginTop: 12 }}>
                    <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                      {t('admin.loadMore')}
                    </Button>
                  </div>
                )}
              </>
            )}
          </Card>
        </Col>
      </Row>
      {region && (
        <UnitDrawer
          // a fresh drawer (form and state) for each unit opened
          key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
          region={region}
          editing={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            message.success(t('admin.saved'));
            void refresh();
          }}
        />
      )}
    </>
  );
}

function UnitDrawer({
  region,
  editing,
  onClose,
  onSaved,
}: {
  region: RegionNode;
  editing: AdminUnit | 'new' | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UnitFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const original = editing && editing !== 'new' ? editing : null;
  const regionCode = original?.regionCode ?? region.code;
  const kind = Form.useWatch('kind', form) ?? original?.kind;
  // the centers of the node and above it (a city has under 200 centers)
  const centers = useQuery({
    queryKey: ['admin', 'units', 'centers', regionCode.slice(0, 4)],
    queryFn: ({ signal }) =>
      api<Page<AdminUnit>>(
        `/api/admin/units${qs({ kind: 'center', under: regionCode.slice(0, 4), limit: 200 })}`,
        {
          signal,
        },
      ),
    enabled: editing !== null,
  });
  const centerOptions = centersFor(regionCode, centers.data?.items ?? []).map((c) => ({
    value: c.id,
    label: c.name,
  }));
  const field = (f: Parameters<typeof fieldState>[1]) => fieldState(kind, f);

  const submit = async (v: UnitFormValues) => {
    setBusy(true);
    setError(null);
    try {
      if (original) {
        const body = unitChangeBody(original, v);
        if (body) await send('PATCH', `/api/admin/units/${original.id}`, body);
      } else {
        await send('POST', '/api/admin/units', unitCreateBody(region.code, v));
      }
      onSaved();
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
      title={
        original ? `${t('admin.edit')} · ${original.name}` : `${t('admin.units.create')} · ${region.name}`
      }
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
      <Form form={form} name="unit" layout="vertical" onFinish={submit} initialValues={original ?? {}}>
        {error && (
          <Typography.Paragraph type="danger" role="alert">
            {error}
          </Typography.Paragraph>
        )}
        <Form.Item label={t('admin.units.region')}>
          <Input
            value={
              original
                ? `${original.regionName ?? ''}（${original.regionCode}）`
                : `${region.name}（${region.code}）`
            }
            disabled
          />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('admin.units.kind')}
          rules={[{ required: true }]}
          extra={!original && kindsAt(region.code).length === 0 ? t('admin.units.noKinds') : undefined}
        >
          <Select
            disabled={original !== null}
            options={(original ? UNIT_KINDS : kindsAt(region.code)).map((k) => ({
              value: k,
              label: t(`admin.units.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('admin.units.code')}
          extra={original ? undefined : t('admin.units.codeHelp')}
          rules={[{ required: true }, { pattern: UNIT_CODE_PATTERN, message: t('admin.units.codeHelp') }]}
          normalize={(v: string) => v.toLowerCase()}
        >
          <Input disabled={original !== null} placeholder={`${region.code}-…`} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('admin.units.name')}
          rules={[{ required: true, whitespace: true, max: 80 }]}
        >
          <Input />
        </Form.Item>
        {field('centerId') !== 'hidden' && (
          <Form.Item
            name="centerId"
            label={t('admin.units.center')}
            rules={[{ required: field('centerId') === 'required' }]}
          >
            <Select allowClear options={centerOptions} loading={centers.isLoading} />
          </Form.Item>
        )}
        {field('departmentType') !== 'hidden' && (
          <Form.Item
            name="departmentType"
            label={t('admin.units.departmentType')}
            extra={t('admin.units.departmentTypeHelp')}
            rules={[{ required: true, whitespace: true, max: 20 }]}
          >
            <Input />
          </Form.Item>
        )}
        {field('mediationKind') !== 'hidden' && (
          <Form.Item
            name="mediationKind"
            label={t('admin.units.mediationKind')}
            rules={[{ required: field('mediationKind') === 'required' }]}
          >
            <Select
              allowClear
              options={MEDIATION_KINDS.map((m) => ({ value: m, label: t(`admin.units.mediation.${m}`) }))}
            />
          </Form.Item>
        )}
        {field('stationing') !== 'hidden' && (
          <Form.Item
            name="stationing"
            label={t('admin.units.stationing')}
            rules={[{ required: field('stationing') === 'required' }]}
          >
            <Select
              allowClear
              options={STATIONINGS.map((s) => ({ value: s, label: t(`admin.units.stationings.${s}`) }))}
            />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
