// 我的记录: the worker's own routine work items, newest first, with their photos.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { myWorkItems, photoUrl, type WorkItem } from '../api';
import { formatTime, Header } from '../parts';

export function MyItemsPage() {
  const { t, i18n } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: ['grid', 'items', 'mine'],
    queryFn: ({ pageParam }) => myWorkItems(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items: WorkItem[] = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <Header title={t('g.mine.items')} back />
      {q.isError && (
        <div className="g-section g-muted">
          {(q.error as Error).message}{' '}
          <a role="button" tabIndex={0} onClick={() => void q.refetch()}>
            {t('g.common.retry')}
          </a>
        </div>
      )}
      {!q.isLoading && !q.isError && items.length === 0 && (
        <div className="g-card g-muted">{t('g.mine.noItems')}</div>
      )}
      {items.map((w) => (
        <div className="g-card" key={w.id} data-testid="work-item">
          <div className="g-row">
            <Tag color="primary" fill="outline">
              {t(`g.kind.${w.kind}`)}
            </Tag>
            <span className="g-grow g-muted">{w.place || w.regionName || w.regionCode}</span>
            <span className="g-muted">{formatTime(w.occurredAt, i18n.language)}</span>
          </div>
          {w.patrol && (
            <div className="g-muted" style={{ marginTop: 6 }}>
              {t('g.log.patrol.route')}：{w.patrol.route}
              {w.patrol.findings?.length ? ` · ${t('g.mine.findings', { n: w.patrol.findings.length })}` : ''}
            </div>
          )}
          <div style={{ marginTop: 6, whiteSpace: 'pre-wrap' }}>{w.note}</div>
          {w.patrol?.findings?.map((x, i) => (
            <div key={i} className="g-muted" style={{ marginTop: 4 }}>
              {i + 1}. {x.text} → {x.action}
            </div>
          ))}
          {w.photoIds.length > 0 && (
            <div className="g-thumbs">
              {w.photoIds.map((id) => (
                <img key={id} src={photoUrl(id)} alt="" loading="lazy" />
              ))}
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
