// 调解组织: the mediation organizations the user may read (四调联动: the four kinds), with their
// roster size and open cases; a row opens the organization with its mediators and workload.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { LoadError } from '../oversight/parts';
import { MEDIATION_KINDS, orgsUrl, type MediationKind, type OrgItem } from './mediation-api';

export function OrgsPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<{ kind?: MediationKind; q?: string }>({});
  const [filters, setFilters] = useState<{ kind?: MediationKind; q?: string }>({});
  const q = useInfiniteQuery({
    queryKey: ['mediation', 'orgs', filters],
    queryFn: ({ pageParam, signal }) =>
      api<{ items: OrgItem[]; nextCursor: string | null }>(orgsUrl(filters, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: ColumnsType<OrgItem> = [
    {
      title: t('mediation.orgs.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <>
          <Link to={`/mediation/orgs/${r.id}`}>{v}</Link>
          {!r.active && (
            <Tag style={{ marginLeft: 8 }} color="default">
              {t('mediation.orgs.inactive')}
            </Tag>
          )}
        </>
      ),
    },
    {
      title: t('mediation.org'),
      dataIndex: 'mediationKind',
      width: 140,
      render: (v: MediationKind | null) =>
        v ? <Tag color="blue">{t(`mediation.orgs.kind.${v}`)}</Tag> : '—',
    },
    { title: t('mediation.orgs.region'), dataIndex: 'regionName', width: 140 },
    {
      title: t('mediation.orgs.mediators'),
      key: 'mediators',
      width: 160,
      render: (_: unknown, r) =>
        t('mediation.orgs.activeMediators', { n: r.activeMediators, total: r.mediators }),
    },
    { title: t('mediation.orgs.openCases'), dataIndex: 'openCases', width: 100, align: 'right' },
  ];
  return (
    <>
      <Typography.Title level={3}>{t('mediation.orgs.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('mediation.orgs.hint')}</Typography.Paragraph>
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={() => setFilters(draft)}>
        <Form.Item label={t('mediation.org')} htmlFor="org-kind">
          <Select
            id="org-kind"
            allowClear
            placeholder={t('mediation.orgs.allKinds')}
            style={{ width: 160 }}
            value={draft.kind}
            onChange={(kind?: MediationKind) => setDraft((d) => ({ ...d, kind }))}
            options={MEDIATION_KINDS.map((k) => ({ value: k, label: t(`mediation.orgs.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('mediation.orgs.search')} htmlFor="org-q">
          <Input
            id="org-q"
            allowClear
            maxLength={50}
            value={draft.q}
            onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('mediation.stats.query')}
        </Button>
      </Form>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<OrgItem>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          columns={columns}
          dataSource={items}
          pagination={false}
          data-testid="mediation-orgs"
        />
      )}
      {q.hasNextPage && (
        <Button
          style={{ marginTop: 12 }}
          loading={q.isFetchingNextPage}
          onClick={() => void q.fetchNextPage()}
        >
          {t('mediation.orgs.more')}
        </Button>
      )}
    </>
  );
}
