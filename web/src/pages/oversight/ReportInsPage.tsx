// 报到任务: the whistles that summoned the user's department (吹哨报到), each with its deadline and
// light; "report in" makes the department a co-handler of the case.
import { useInfiniteQuery } from '@tanstack/react-query';
import { App, Button, Radio, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { Page } from '../../api/types';
import { formatTime } from '../work/format';
import { Deadline, StateTag } from '../work/tags';
import { LoadError, LoadMore, TaskStatusTag, useNow } from './parts';
import { OVERSIGHT_KEY, reportIn, useAfterWrite } from './queries';
import {
  TASK_FILTERS,
  canReportIn,
  reportInsUrl,
  taskFilterOf,
  taskFilterParams,
  taskLight,
  type TaskFilter,
} from './rules';
import type { UnitReportInTask } from './types';

export function ReportInsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const status = taskFilterOf(params.get('status'));
  const now = useNow();
  const afterWrite = useAfterWrite();
  const [busy, setBusy] = useState<string | null>(null);
  const q = useInfiniteQuery({
    queryKey: [...OVERSIGHT_KEY, 'report-ins', status],
    queryFn: ({ pageParam, signal }) =>
      api<Page<UnitReportInTask>>(reportInsUrl(status, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];

  const report = async (task: UnitReportInTask) => {
    setBusy(task.id);
    try {
      await reportIn(task.caseId);
      void message.success(t('oversight.reportIns.done', { caseNo: task.caseNo }));
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setBusy(null);
      afterWrite(task.caseId);
    }
  };

  const columns: ColumnsType<UnitReportInTask> = [
    {
      title: t('oversight.col.caseNo'),
      dataIndex: 'caseNo',
      width: 200,
      render: (v: string, r) => <Link to={`/cases/${r.caseId}`}>{v}</Link>,
    },
    { title: t('oversight.col.title'), dataIndex: 'title', ellipsis: true },
    {
      title: t('oversight.col.caseState'),
      dataIndex: 'caseState',
      width: 100,
      render: (v: string) => <StateTag state={v} />,
    },
    {
      title: t('oversight.col.whistle'),
      key: 'levels',
      width: 190,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={0}>
          <span>
            {t(`common.level.${r.fromLevel}`)} → {t(`common.level.${r.toLevel}`)}
          </span>
          <Typography.Text type="secondary">{formatTime(r.summonedAt)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('oversight.col.deadline'),
      dataIndex: 'dueAt',
      width: 210,
      render: (v: string, r) => <Deadline at={v} light={taskLight(r, now)} />,
    },
    {
      title: t('oversight.col.status'),
      dataIndex: 'status',
      width: 150,
      render: (_: string, r) => (
        <Space orientation="vertical" size={0}>
          <TaskStatusTag task={r} />
          {r.reportedAt && <Typography.Text type="secondary">{formatTime(r.reportedAt)}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('oversight.col.action'),
      key: 'action',
      width: 110,
      render: (_: unknown, r) =>
        canReportIn(r) ? (
          <Button
            type="primary"
            size="small"
            loading={busy === r.id}
            disabled={busy !== null && busy !== r.id}
            onClick={() => void report(r)}
            aria-label={t('oversight.reportIns.actionFor', { caseNo: r.caseNo })}
          >
            {t('oversight.reportIns.action')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <Typography.Title level={3}>{t('common.menu.reportIns')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('oversight.reportIns.hint')}</Typography.Paragraph>
      <Radio.Group
        aria-label={t('oversight.col.status')}
        optionType="button"
        buttonStyle="solid"
        value={status}
        onChange={(e) => setParams(taskFilterParams(e.target.value as TaskFilter))}
        options={TASK_FILTERS.map((f) => ({
          value: f,
          label: t(`oversight.reportIns.filter.${f || 'all'}`),
        }))}
        style={{ marginBottom: 12 }}
      />
      {q.error ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <section aria-label={t('common.menu.reportIns')}>
          <Table<UnitReportInTask>
            rowKey="id"
            size="middle"
            loading={q.isLoading}
            dataSource={items}
            columns={columns}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: t('oversight.reportIns.empty') }}
            data-testid="report-ins-table"
          />
          <LoadMore
            shown={items.length}
            hasNextPage={q.hasNextPage}
            fetching={q.isFetchingNextPage}
            onMore={() => void q.fetchNextPage()}
          />
        </section>
      )}
    </>
  );
}
