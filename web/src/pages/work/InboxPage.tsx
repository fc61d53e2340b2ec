// 我的待办 — a first version: the cases the user's scope or unit sees, newest first.
import { useQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { CaseListItem, Page } from '../../api/types';

export function InboxPage() {
  const { t } = useTranslation();
  const { data, isLoading } = useQuery({
    queryKey: ['cases', 'inbox'],
    queryFn: () => api<Page<CaseListItem>>('/api/cases?limit=50'),
  });
  return (
    <>
      <Typography.Title level={3}>{t('common.menu.inbox')}</Typography.Title>
      <Table<CaseListItem>
        rowKey="id"
        loading={isLoading}
        dataSource={data?.items ?? []}
        pagination={false}
        columns={[
          { dataIndex: 'caseNo', render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
          { dataIndex: 'title' },
          { dataIndex: 'state', render: (v: string) => <Tag>{t(`common.state.${v}`)}</Tag> },
          { dataIndex: 'categoryName' },
          { dataIndex: 'regionName' },
          { dataIndex: 'leadUnitName' },
        ]}
      />
    </>
  );
}
