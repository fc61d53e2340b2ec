// The case page's card of weekly-meeting decisions (例会决定) on the case: what, by whom, by when,
// and whether it was done; the responsible unit marks it done here too.
import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { DecisionList } from './decisions';
import { MEETINGS_KEY, type Decision } from './meetings-api';

export function CaseDecisions({ caseId, version }: { caseId: string; version: number }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: [...MEETINGS_KEY, 'case', caseId, version],
    queryFn: ({ signal }) => api<{ items: Decision[] }>(`/api/cases/${caseId}/meeting-decisions`, { signal }),
  });
  if (!q.data || q.data.items.length === 0) return null;
  return (
    <Card
      title={t('meetings.caseCard')}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="case-decisions"
    >
      <DecisionList items={q.data.items} showCase={false} />
    </Card>
  );
}
