// 我的: the worker's reports, records and outbox, and the log-out.
import { Badge, Button, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useOutbox } from '../outbox';
import { Header } from '../parts';
import { counts } from '../queue';
import { useGridSession, useGridUser } from '../session';

export function MinePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useGridUser();
  const { logout } = useGridSession();
  const { waiting, failed } = counts(useOutbox().entries, user.id);
  return (
    <div>
      <Header title={t('g.mine.title')} />
      <div className="g-section">
        <div style={{ fontSize: 18, fontWeight: 600 }}>{user.displayName}</div>
        <div className="g-muted">
          {t(`common.role.${user.role}`)} · {user.unitName ?? ''} · {user.scopeName ?? user.scopeCode}
        </div>
      </div>
      <List mode="card">
        <List.Item onClick={() => navigate('/reports')}>{t('g.mine.reports')}</List.Item>
        <List.Item onClick={() => navigate('/items')}>{t('g.mine.items')}</List.Item>
        <List.Item
          onClick={() => navigate('/outbox')}
          extra={waiting + failed > 0 ? <Badge content={waiting + failed} /> : null}
        >
          {t('g.mine.outbox')}
        </List.Item>
      </List>
      <div className="g-section">
        <Button block size="large" onClick={() => void logout().then(() => navigate('/login'))}>
          {t('g.mine.logout')}
        </Button>
      </div>
    </div>
  );
}
