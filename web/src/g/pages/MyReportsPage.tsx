// 我的上报: the worker's reports with their status and light; a dispute shows its case number and
// state and opens the case (village mediation record, whistle).
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { myReports, type GridReport } from '../api';
import { formatTime, Header } from '../parts';

const STATUS_COLOR = { reported: 'warning', assigned: 'primary', concluded: 'success' } as const;

export function MyReportsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const q = useInfiniteQuery({
    queryKey: ['grid', 'reports', 'mine'],
    queryFn: ({ pageParam }) => myReports(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items: GridReport[] = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <Header title={t('g.mine.reports')} back />
      {q.isError && (
        <div className="g-section g-muted">
          {(q.error as Error).message}{' '}
          <a role="button" tabIndex={0} onClick={() => void q.refetch()}>
            {t('g.common.retry')}
          </a>
        </div>
      )}
      {!q.isLoading && !q.isError && items.length === 0 && (
        <div className="g-card g-muted">{t('g.mine.noReports')}</div>
      )}
      {items.map((r) => (
        <div className="g-card" key={r.id} data-testid="report">
          <div className="g-row">
            <Tag color={r.type === 'dispute' ? 'danger' : 'default'}>{t(`g.report.types.${r.type}`)}</Tag>
            <Tag color={STATUS_COLOR[r.status] ?? 'default'} data-testid="report-status">
              {t(`g.status.${r.status}`)}
            </Tag>
            {r.light && (
              <span
                className={`g-light g-light-${r.light}`}
                title={t(`common.light.${r.light}`)}
                aria-label={t(`common.light.${r.light}`)}
              />
            )}
            <span className="g-grow" />
            <span className="g-muted">{formatTime(r.reportedAt, i18n.language)}</span>
          </div>
          <div style={{ margin: '8px 0' }}>{r.description}</div>
          {r.unitName && <div className="g-muted">{t('g.mine.unit', { unit: r.unitName })}</div>}
          {r.deadline && r.status !== 'concluded' && (
            <div className="g-muted">
              {t('g.mine.deadline', { at: formatTime(r.deadline, i18n.language) })}
            </div>
          )}
          {r.result && <div className="g-muted">{t('g.mine.result', { result: r.result })}</div>}
          {r.caseId && (
            <div className="g-row" style={{ marginTop: 8 }}>
              <span className="g-grow" data-testid="report-case">
                {t('g.mine.case', { caseNo: r.caseNo ?? '' })}
                {r.caseState && ` · ${t(`common.state.${r.caseState}`)}`}
              </span>
              <Button
                size="small"
                color="primary"
                fill="outline"
                onClick={() => navigate(`/cases/${r.caseId}`)}
              >
                {t('g.mine.openCase')}
              </Button>
            </div>
          )}
        </div>
      ))}
      {q.hasNextPage && (
        <div className="g-section">
          <Button block loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
            {t('g.mine.more')}
          </Button>
        </div>
      )}
    </div>
  );
}
