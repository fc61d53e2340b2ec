// 三员分立: each administrator page is for one role. The menu hides the others' pages; reached
// by address anyway, a page says so instead of showing a broken view (the API refuses as well).
import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminRole } from '../../../../src/core/organization/account-shape';
import { useUser } from '../../auth/session';

export function AdminOnly({ role, children }: { role: AdminRole; children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  if (user.role !== role) {
    return (
      <Result
        status="403"
        title="403"
        subTitle={`${t('common.forbidden')} ${t('admin.onlyFor', { role: t(`common.role.${role}`) })}`}
      />
    );
  }
  return <>{children}</>;
}
