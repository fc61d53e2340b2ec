// 分流规则 — the system administrator's routing rules: at a region node, a category (or any) goes
// to a handling unit, the lowest priority number first. The region tree on the left, the rules of
// the chosen node (and, if asked, below it) on the right; add one, change its priority or unit,
// deactivate it (rules are never deleted: the audit log and past suggestions refer to them).
import { PlusOutlined } from '@ant-design/icons';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, qs } from '../../api/client';
import { useUser } from '../../auth/session';
import { currentLang } from '../../i18n';
import { send, useRegion, useRegionChildren, type PublicUnit, type RegionNode } from './admin-api';
import { AdminOnly } from './AdminOnly';
import { RegionTree } from './RegionTree';
import { RULES_LIMIT, useAdminCategories, useRoutingRules } from './config-api';
import {
  ANY,
  competingRule,
  ruleChangeBody,
  ruleCreateBody,
  rulesAt,
  type RoutingRule,
  type RuleFormValues,
} from './config-forms';

export function RoutingRulesPage() {
  return (
    <AdminOnly role="sys_admin">
      <RoutingRules />
    </AdminOnly>
  );
}

const fail = (err: unknown) => (err instanceof ApiError ? err.message : String(err));

function RoutingRules() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<RegionNode | null>(null);
  const root = useRegion(user.scopeCode);
  const region = picked ?? root.data ?? null;
  const [below, setBelow] = useState(false);
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const list = useRoutingRules(region?.code ?? null);
  const categories = useAdminCategories();
  const children = useRegionChildren(region?.code ?? null);
  const en = currentLang() === 'en';

  const categoryLabel = (code: string | null) => {
    if (code === null) return t('admin.routing.anyCategory');
    const c = categories.data?.find((x) => x.code === code);
    return c ? (en ? c.nameEn : c.nameZh) : code;
  };
  // names of the node and its children; deeper rules show their code
  const regionName = useMemo(() => {
    const names = new Map<string, string>();
    if (region) names.set(region.code, region.name);
    for (const c of children.data ?? []) names.set(c.code, c.name);
    return (code: string) => (names.has(code) ? `${names.get(code)}（${code}）` : code);
  }, [region, children.data]);

  const all = list.data ?? [];
  const rows = rulesAt(all, region?.code ?? '', below).filter(
    (r) => category === undefined || (r.categoryCode ?? ANY) === category,
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'routing'] });

  const setActive = async (r: RoutingRule, active: boolean) => {
    try {
      await send('PATCH', `/api/routing/rules/${r.id}`, { active });
      message.success(t('admin.saved'));
      await refresh();
    } catch (err) {
      message.error(fail(err));
    }
  };

  const categoryOptions = [
    { value: ANY, label: t('admin.routing.anyCategory') },
    ...(categories.data ?? []).map((c) => ({ value: c.code, label: en ? c.nameEn : c.nameZh })),
  ];

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.routing.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.routing.intro')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} lg={7}>
          <Card size="small" title={t('admin.routing.regionTree')}>
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
            title={region ? `${region.name}（${region.code}）` : t('admin.routing.pickRegion')}
            extra={
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={!region}
                onClick={() => setEditing('new')}
              >
                {t('admin.routing.create')}
              </Button>
            }
          >
            {!region ? (
              <Empty description={t('admin.routing.pickRegion')} />
            ) : (
              <>
                <Space wrap style={{ marginBottom: 12 }} aria-label={t('admin.filters')}>
                  <label>
                    {t('admin.routing.category')}{' '}
                    <Select
                      aria-label={t('admin.routing.category')}
                      allowClear
                      value={category}
                      onChange={setCategory}
                      style={{ width: 180 }}
                      options={categoryOptions}
                    />
                  </label>
                  <label>
                    {t('admin.routing.includeBelow')} <Switch checked={below} onChange={setBelow} />
                  </label>
                  <Typography.Text type="secondary">
                    {t('admin.routing.count', { count: rows.length })}
                  </Typography.Text>
                </Space>
                {all.length >= RULES_LIMIT && (
                  <Alert
                    type="info"
                    showIcon
                    title={t('admin.routing.truncated', { count: RULES_LIMIT })}
                    style={{ marginBottom: 12 }}
                  />
                )}
                {list.error && (
                  <Alert type="error" showIcon title={fail(list.error)} style={{ marginBottom: 12 }} />
                )}
                <Table<RoutingRule>
                  rowKey="id"
                  size="small"
                  aria-label={t('admin.routing.title')}
                  loading={list.isLoading}
                  dataSource={rows}
                  pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                  scroll={{ x: 760 }}
                  columns={[
                    { title: t('admin.routing.priority'), dataIndex: 'priority', width: 80 },
                    {
                      title: t('admin.routing.category'),
                      dataIndex: 'categoryCode',
                      render: (c: string | null) =>
                        c === null ? (
                          <Typography.Text type="secondary">{categoryLabel(c)}</Typography.Text>
                        ) : (
                          categoryLabel(c)
                        ),
                    },
                    {
                      title: t('admin.routing.region'),
                      dataIndex: 'regionPrefix',
                      render: (code: string) => regionName(code),
                    },
                    { title: t('admin.routing.unit'), dataIndex: 'unitName' },
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
                      render: (_, r) => (
                        <Space size={0}>
                          <Button type="link" size="small" onClick={() => setEditing(r)}>
                            {t('admin.edit')}
                          </Button>
                          {r.active ? (
                            <Popconfirm
                              title={t('admin.routing.deactivateConfirm')}
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
              </>
            )}
          </Card>
        </Col>
      </Row>
      {region && (
        <RuleModal
          key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
          region={region}
          editing={editing}
          rules={all}
          categoryOptions={categoryOptions}
          categoryLabel={categoryLabel}
          regionName={regionName}
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

function RuleModal({
  region,
  editing,
  rules,
  categoryOptions,
  categoryLabel,
  regionName,
  onClose,
  onSaved,
}: {
  region: RegionNode;
  editing: RoutingRule | 'new' | null;
  rules: RoutingRule[];
  categoryOptions: { value: string; label: string }[];
  categoryLabel: (code: string | null) => string;
  regionName: (code: string) => string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RuleFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const original = editing && editing !== 'new' ? editing : null;
  const prefix = original?.regionPrefix ?? region.code;
  const chosenCategory = Form.useWatch('categoryCode', form);
  const categoryCode = original
    ? original.categoryCode
    : chosenCategory && chosenCategory !== ANY
      ? chosenCategory
      : null;
  const competing =
    original?.active === false ? undefined : competingRule(rules, prefix, categoryCode, original?.id);

  const submit = async (v: RuleFormValues) => {
    setBusy(true);
    setError(null);
    try {
      if (original) {
        const body = ruleChangeBody(original, v);
        if (body) await send('PATCH', `/api/routing/rules/${original.id}`, body);
      } else {
        await send('POST', '/api/routing/rules', ruleCreateBody(prefix, v));
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
      title={original ? `${t('admin.edit')} · ${t('admin.routing.title')}` : t('admin.routing.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: busy }}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        name="routingRule"
        layout="vertical"
        onFinish={submit}
        initialValues={
          original
            ? { priority: original.priority, unitId: original.unitId, active: original.active }
            : { categoryCode: ANY }
        }
      >
        {error && (
          <Typography.Paragraph type="danger" role="alert">
            {error}
          </Typography.Paragraph>
        )}
        <Form.Item label={t('admin.routing.region')}>
          <Input value={regionName(prefix)} disabled />
        </Form.Item>
        {original ? (
          <Form.Item label={t('admin.routing.category')}>
            <Input value={categoryLabel(original.categoryCode)} disabled />
          </Form.Item>
        ) : (
          <Form.Item name="categoryCode" label={t('admin.routing.category')} rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={categoryOptions} />
          </Form.Item>
        )}
        <Form.Item
          name="unitId"
          label={t('admin.routing.unit')}
          extra={t('admin.routing.unitHelp')}
          rules={[{ required: true }]}
        >
          <RuleUnitPicker regionCode={prefix} current={original} />
        </Form.Item>
        <Form.Item
          name="priority"
          label={t('admin.routing.priority')}
          extra={t('admin.routing.priorityHelp')}
          rules={[{ required: original !== null, type: 'integer', min: 0, max: 100000 }]}
        >
          <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {original && (
          <Form.Item name="active" label={t('admin.users.status')} valuePropName="checked">
            <Switch checkedChildren={t('admin.active')} unCheckedChildren={t('admin.inactive')} />
          </Form.Item>
        )}
        {competing && (
          <Alert
            type="warning"
            showIcon
            title={t('admin.routing.competing', {
              category: categoryLabel(competing.categoryCode),
              priority: competing.priority,
              unit: competing.unitName,
            })}
          />
        )}
      </Form>
    </Modal>
  );
}

/**
 * The handling unit of a rule: a tree of the rule's node and the nodes above it, nearest first,
 * each with its active units. The rule's current unit stays shown even when it sits elsewhere.
 */
function RuleUnitPicker({
  id,
  value,
  onChange,
  regionCode,
  current,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  regionCode: string;
  current: RoutingRule | null;
}) {
  const { t } = useTranslation();
  const region = useRegion(regionCode);
  // city, county, township, village: the levels where units are set up
  const levels = (region.data?.path ?? []).filter((r) => r.code.length >= 4);
  const units = useQueries({
    queries: levels.map((r) => ({
      queryKey: ['units', 'at', r.code],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<PublicUnit[]>(`/api/units${qs({ region: r.code, limit: 500 })}`, { signal }),
      staleTime: 600_000,
    })),
  });
  const groups = levels
    .map((r, i) => ({
      title: r.name,
      value: `group:${r.code}`,
      selectable: false,
      children: (units[i]?.data ?? []).map((u) => ({
        title: `${u.name} · ${t(`admin.units.kinds.${u.kind}`)}`,
        value: u.id,
      })),
    }))
    .filter((g) => g.children.length > 0)
    .reverse();
  const listed = groups.some((g) => g.children.some((c) => c.value === current?.unitId));
  const treeData =
    current && !listed && units.every((u) => !u.isLoading)
      ? [{ title: current.unitName, value: current.unitId }, ...groups]
      : groups;

  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      treeData={treeData}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={t('admin.routing.unitSearch')}
      loading={region.isLoading || units.some((u) => u.isLoading)}
      style={{ width: '100%' }}
      listHeight={320}
    />
  );
}
