// 实有人口 / 实有房屋 / 单位组织: base information in the user's scope, masked, searched by name
// (prefix) or an exact ID number or phone, filtered by place (and for residents by key group, for
// the roles allowed to see key groups); keyset pages with "load more". A row opens its detail;
// those who may write add records one by one or import a spreadsheet.
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Drawer,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleMayOnBaseInfo } from '../../../../src/core/workflow/policy';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { ImportPanel } from '../admin/ImportPanel';
import { MoreRow } from '../grid/ReportsPage';
import { useUrlFilters } from '../grid/parts';
import { RegionFilter } from '../work/RegionFilter';
import { IMPORT_KIND, listUrl, type BaseKind, type BaseRecord, type Page } from './base-api';
import { BaseDrawer } from './BaseDrawer';
import { BaseForm } from './BaseForm';
import { KEY_GROUPS, searchTerm } from './base-rules';

export function BaseListPage({ kind }: { kind: BaseKind }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  // the search text stays out of the URL: an ID number or phone must not land in the history
  const { values, set, reset, any } = useUrlFilters(['region', 'keyGroup', 'open'] as const);
  const [search, setSearch] = useState<string | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const canWrite = roleMayOnBaseInfo(user.role, 'base_write');
  const canImport = roleMayOnBaseInfo(user.role, 'base_import');
  const seesKeyGroups = kind === 'residents' && roleMayOnBaseInfo(user.role, 'key_groups_read');
  const filters = {
    q: search,
    region: values.region,
    keyGroup: seesKeyGroups ? values.keyGroup : undefined,
  };
  const q = useInfiniteQuery({
    queryKey: ['base', kind, 'list', filters],
    queryFn: ({ pageParam, signal }) => api<Page<BaseRecord>>(listUrl(kind, filters, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['base', kind] });
  const open = (id: string | undefined) => set({ open: id });
  const openCell = (text: string, r: BaseRecord) => (
    <Button
      type="link"
      size="small"
      style={{ padding: 0 }}
      onClick={() => open(r.id)}
      data-testid="base-open"
    >
      {text}
    </Button>
  );
  const dash = (v: string | null | undefined) => v ?? '—';
  const option = (group: string, code: string | null | undefined) =>
    code ? t(`base.option.${group}.${code}`, { defaultValue: code }) : '—';

  const columns: Record<BaseKind, ColumnsType<BaseRecord>> = {
    residents: [
      { title: t('base.field.name'), dataIndex: 'name', width: 110, render: openCell },
      { title: t('base.field.idNumber'), dataIndex: 'idNumber', width: 190, render: dash },
      { title: t('base.field.phone'), dataIndex: 'phone', width: 130, render: dash },
      {
        title: t('base.field.gender'),
        dataIndex: 'gender',
        width: 70,
        render: (v: string) => option('gender', v),
      },
      {
        title: t('base.field.birthYear'),
        dataIndex: 'birthYear',
        width: 90,
        render: (v: number | null) => v ?? '—',
      },
      {
        title: t('base.field.residenceStatus'),
        dataIndex: 'residenceStatus',
        width: 110,
        render: (v: string) => option('residenceStatus', v),
      },
      { title: t('base.field.regionCode'), dataIndex: 'regionName', ellipsis: true, render: dash },
      ...(seesKeyGroups
        ? [
            {
              title: t('base.field.keyGroups'),
              dataIndex: 'keyGroups',
              width: 200,
              render: (v: string[] | undefined) =>
                (v ?? []).map((g) => (
                  <Tag key={g} color="volcano">
                    {option('keyGroup', g)}
                  </Tag>
                )),
            },
          ]
        : []),
    ],
    houses: [
      {
        title: t('base.field.houseAddress'),
        dataIndex: 'address',
        ellipsis: true,
        render: (v: string, r) => openCell(v, r),
      },
      { title: t('base.field.use'), dataIndex: 'use', width: 90, render: (v: string) => option('use', v) },
      { title: t('base.field.ownerName'), dataIndex: 'ownerName', width: 100, render: dash },
      { title: t('base.field.ownerPhone'), dataIndex: 'ownerPhone', width: 130, render: dash },
      { title: t('base.field.occupants'), dataIndex: 'occupants', width: 90, align: 'right' },
      {
        title: t('base.field.regionCode'),
        dataIndex: 'regionName',
        width: 200,
        ellipsis: true,
        render: dash,
      },
    ],
    organizations: [
      { title: t('base.field.orgName'), dataIndex: 'name', ellipsis: true, render: openCell },
      { title: t('base.field.creditCode'), dataIndex: 'creditCode', width: 190, render: dash },
      {
        title: t('base.field.kind'),
        dataIndex: 'kind',
        width: 110,
        render: (v: string) => option('orgKind', v),
      },
      {
        title: t('base.field.legalRepresentative'),
        dataIndex: 'legalRepresentative',
        width: 110,
        render: dash,
      },
      { title: t('base.field.phone'), dataIndex: 'phone', width: 130, render: dash },
      {
        title: t('base.field.regionCode'),
        dataIndex: 'regionName',
        width: 200,
        ellipsis: true,
        render: dash,
      },
    ],
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3}>{t(`common.menu.${kind}`)}</Typography.Title>
        <Space>
          {canWrite && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="base-create">
              {t(`base.create.${kind}`)}
            </Button>
          )}
          {canImport && (
            <Button onClick={() => setImporting(true)} data-testid="base-import">
              {t('base.import')}
            </Button>
          )}
        </Space>
      </Space>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical" role="search" aria-label={t('base.filters')}>
          <Row gutter={16}>
            <Col xs={24} md={12} xl={9}>
              <Form.Item label={t('base.search')} htmlFor="b-q" extra={t(`base.searchHelp.${kind}`)}>
                <Input.Search
                  id="b-q"
                  value={draft}
                  onChange={(e) => setDraft(e.target.value)}
                  onSearch={(v) => setSearch(v.trim() ? searchTerm(v) : undefined)}
                  maxLength={100}
                  allowClear
                  enterButton={t('common.search')}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={7}>
              <Form.Item label={t('base.region')} htmlFor="b-region">
                <RegionFilter
                  id="b-region"
                  scopeCode={user.scopeCode}
                  value={values.region}
                  onChange={(region) => set({ region })}
                />
              </Form.Item>
            </Col>
            {seesKeyGroups && (
              <Col xs={24} md={12} xl={5}>
                <Form.Item label={t('base.field.keyGroups')} htmlFor="b-key">
                  <Select
                    id="b-key"
                    allowClear
                    value={values.keyGroup}
                    onChange={(v?: string) => set({ keyGroup: v })}
                    options={KEY_GROUPS.map((g) => ({ value: g, label: t(`base.option.keyGroup.${g}`) }))}
                    placeholder={t('base.any')}
                  />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12} xl={3} style={{ alignSelf: 'center' }}>
              <Button
                disabled={!any && !search}
                onClick={() => {
                  setDraft('');
                  setSearch(undefined);
                  reset();
                }}
              >
                {t('common.reset')}
              </Button>
            </Col>
          </Row>
        </Form>
      </Card>
      <Typography.Paragraph type="secondary">{t('base.maskedHint')}</Typography.Paragraph>
      {q.error ? (
        <Alert
          type="error"
          showIcon
          title={q.error.message}
          action={<Button onClick={() => void q.refetch()}>{t('common.retry')}</Button>}
        />
      ) : (
        <section aria-label={t(`common.menu.${kind}`)}>
          <Table<BaseRecord>
            rowKey="id"
            size="middle"
            loading={q.isLoading}
            dataSource={items}
            columns={columns[kind]}
            pagination={false}
            scroll={{ x: 1000 }}
            locale={{ emptyText: t('base.empty') }}
            data-testid="base-table"
          />
          <MoreRow
            shown={items.length}
            hasNext={q.hasNextPage}
            fetching={q.isFetchingNextPage}
            onMore={() => void q.fetchNextPage()}
          />
        </section>
      )}
      {values.open && <BaseDrawer kind={kind} id={values.open} onClose={() => open(undefined)} />}
      {creating && (
        <BaseForm
          kind={kind}
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            void refresh();
            open(id);
          }}
        />
      )}
      <Drawer
        open={importing}
        onClose={() => setImporting(false)}
        size={640}
        title={`${t('base.import')} · ${t(`common.menu.${kind}`)}`}
        destroyOnHidden
      >
        <ImportPanel kind={IMPORT_KIND[kind]} onImported={() => void refresh()} />
      </Drawer>
    </>
  );
}

export const ResidentsPage = () => <BaseListPage kind="residents" />;
export const HousesPage = () => <BaseListPage kind="houses" />;
export const OrganizationsPage = () => <BaseListPage kind="organizations" />;
