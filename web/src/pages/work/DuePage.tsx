// 临期与超期: cases past their time limit, and those with two thirds of it used.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { GroupedCases } from './GroupedCases';
import { DUE_GROUPS } from './inbox-groups';

export function DuePage() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={3}>{t('common.menu.dueSoon')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('work.due.hint')}</Typography.Paragraph>
      <GroupedCases groups={DUE_GROUPS} label={t('common.menu.dueSoon')} />
    </>
  );
}
