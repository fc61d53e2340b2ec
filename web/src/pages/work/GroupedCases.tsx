// Tabs of case lists with a count on each (the inbox, the due page). The open tab is in the URL
// (?tab=…), so the back button and a shared link return to it.
import { useQueries } from '@tanstack/react-query';
import { Badge, Empty, Space, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { CaseListItem, Page } from '../../api/types';
import { filtersToParams, listUrl } from './case-filters';
import { CaseTable } from './CaseTable';
import { countLabel, type InboxGroup } from './inbox-groups';

// the count is the first page of this size: more shows as 99+
const COUNT_PAGE = 100;

export function GroupedCases({ groups, label }: { groups: InboxGroup[]; label: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const counts = useQueries({
    queries: groups.map((g) => ({
      queryKey: ['cases', 'count', g.filters],
      queryFn: () => api<Page<CaseListItem>>(listUrl(g.filters, { limit: COUNT_PAGE })),
    })),
  });
  if (groups.length === 0) return <Empty description={t('work.inbox.nothingForRole')} />;
  const tab = params.get('tab');
  const active = groups.some((g) => g.key === tab) ? tab! : groups[0]!.key;

  return (
    <Tabs
      aria-label={label}
      activeKey={active}
      onChange={(key) => setParams({ tab: key })}
      destroyOnHidden
      items={groups.map((g, i) => {
        const data = counts[i]?.data;
        const n = data?.items.length ?? 0;
        const name = t(`work.inbox.group.${g.key}`);
        return {
          key: g.key,
          label: (
            <Space size={6} data-testid={`tab-${g.key}`}>
              <span>{name}</span>
              {data && (
                <Badge
                  count={countLabel(n, data.nextCursor !== null)}
                  showZero
                  color={n > 0 ? undefined : '#bfbfbf'}
                  aria-label={`${name}: ${countLabel(n, data.nextCursor !== null)}`}
                />
              )}
            </Space>
          ),
          children: (
            <>
              <CaseTable filters={g.filters} label={name} />
              <div style={{ marginTop: 8 }}>
                <Link to={`/cases?${filtersToParams(g.filters).toString()}`}>
                  {t('work.inbox.openInList')}
                </Link>
              </div>
            </>
          ),
        };
      })}
    />
  );
}
