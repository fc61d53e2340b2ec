// 我的待办: what waits for the user's unit or role, grouped by what to do next, with counts.
import { Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth/session';
import { GroupedCases } from './GroupedCases';
import { inboxGroups } from './inbox-groups';
import { preloadWorkPages } from './lazy-pages';

export function InboxPage() {
  const { t } = useTranslation();
  const user = useUser();
  useEffect(() => {
    // the next click is most likely a case or the search: have their code ready
    preloadWorkPages();
  }, []);
  return (
    <>
      <Typography.Title level={3}>{t('common.menu.inbox')}</Typography.Title>
      <GroupedCases groups={inboxGroups(user)} label={t('work.inbox.groupsLabel')} />
    </>
  );
}
