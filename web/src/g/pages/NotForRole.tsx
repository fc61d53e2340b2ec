// A staff account that is not a grid worker or security member (or must change its password
// first) is sent to the console.
import { Button, Result } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useGridSession, useGridUser } from '../session';

export function NotForRole() {
  const { t } = useTranslation();
  const user = useGridUser();
  const { logout } = useGridSession();
  return (
    <div className="g-app">
      <Result
        status="info"
        title={t('g.appName')}
        description={
          user.mustChangePassword
            ? t('g.login.mustChange')
            : t('g.login.notGrid', { role: t(`common.role.${user.role}`) })
        }
      />
      <div className="g-section">
        <Button block color="primary" size="large" onClick={() => window.location.assign('/')}>
          {t('g.login.toConsole')}
        </Button>
        <Button block size="large" style={{ marginTop: 12 }} onClick={() => void logout()}>
          {t('g.mine.logout')}
        </Button>
      </div>
    </div>
  );
}
