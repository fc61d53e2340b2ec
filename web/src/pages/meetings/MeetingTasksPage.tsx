// 例会交办: the decisions of weekly meetings the user's unit must carry out, open ones first by due
// day; each is marked done with a note of what was done.
import { useQuery } from '@tanstack/react-query';
import { Card, Checkbox, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { LoadError } from '../oversight/parts';
import { DecisionList } from './decisions';
import { MEETINGS_KEY, type Decision } from './meetings-api';

export function MeetingTasksPage() {
  const { t } = useTranslation();
  const [openOnly, setOpenOnly] = useState(true);
  const q = useQuery({
    queryKey: [...MEETINGS_KEY, 'tasks', openOnly],
    queryFn: ({ signal }) =>
      api<{ items: Decision[] }>(`/api/meeting-decisions${openOnly ? '?status=open' : ''}`, { signal }),
  });
  return (
    <>
      <Typography.Title level={3}>{t('meetings.tasks.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('meetings.tasks.hint')}</Typography.Paragraph>
      <Checkbox
        checked={openOnly}
        onChange={(e) => setOpenOnly(e.target.checked)}
        style={{ marginBottom: 12 }}
      >
        {t('meetings.tasks.openOnly')}
      </Checkbox>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Card size="small" loading={q.isLoading} data-testid="meeting-tasks">
          {q.data && q.data.items.length === 0 ? (
            <Typography.Text type="secondary">{t('meetings.tasks.empty')}</Typography.Text>
          ) : (
            <DecisionList items={q.data?.items ?? []} />
          )}
        </Card>
      )}
    </>
  );
}
