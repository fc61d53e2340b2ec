// The filters a dashboard figure put on the case list (registered or concluded in a period,
// resolved, on time …), shown as tags that can be taken off one by one.
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseFilters } from './case-filters';

type Patch = Partial<CaseFilters>;

export function FigureFilterTags({
  filters,
  onChange,
}: {
  filters: CaseFilters;
  onChange: (p: Patch) => void;
}) {
  const { t } = useTranslation();
  const any = t('analytics.caseList.any');
  const tags: { key: string; label: string; clear: Patch }[] = [];
  const range = (from?: string, to?: string) => ({ from: from ?? any, to: to ?? any });
  if (filters.receivedFrom || filters.receivedTo) {
    tags.push({
      key: 'received',
      label: t('analytics.caseList.receivedFrom', range(filters.receivedFrom, filters.receivedTo)),
      clear: { receivedFrom: undefined, receivedTo: undefined },
    });
  }
  if (filters.concludedFrom || filters.concludedTo) {
    tags.push({
      key: 'concluded',
      label: t('analytics.caseList.concludedFrom', range(filters.concludedFrom, filters.concludedTo)),
      clear: { concludedFrom: undefined, concludedTo: undefined },
    });
  }
  if (filters.event) {
    tags.push({
      key: 'event',
      label: t('analytics.caseList.eventFrom', {
        event: t(`analytics.caseList.event.${filters.event}`),
        ...range(filters.eventFrom, filters.eventTo),
      }),
      clear: { event: undefined, eventFrom: undefined, eventTo: undefined },
    });
  }
  for (const k of ['resolved', 'onTime', 'followedUp', 'satisfied'] as const) {
    const v = filters[k];
    if (v !== undefined)
      tags.push({ key: k, label: t(`analytics.caseList.${k}.${v}`), clear: { [k]: undefined } });
  }
  if (tags.length === 0) return null;
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="figure-filters">
      <Typography.Text type="secondary">{t('analytics.caseList.figure')}</Typography.Text>
      {tags.map((x) => (
        <Tag key={x.key} closable onClose={() => onChange(x.clear)} color="blue">
          {x.label}
        </Tag>
      ))}
    </Space>
  );
}
