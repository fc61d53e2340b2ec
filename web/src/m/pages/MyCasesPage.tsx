// 我的诉求: the cases of the verified phone, newest first.
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, List, NavBar, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { myCases } from '../api';
import { LangSwitch } from '../LangSwitch';
import { PhoneCheck } from '../PhoneCheck';
import { useResident } from '../resident-session';

export function MyCasesPage() {
  const { t } = useTranslation();
  const { status, signOut } = useResident();
  const navigate = useNavigate();
  const cases = useQuery({ queryKey: ['my-cases'], queryFn: myCases, enabled: status === 'resident' });
  if (status === 'loading') return null;
  return (
    <div className="m-page">
      <NavBar
        back={null}
        right={
          <>
            {status === 'resident' && (
              <a role="button" tabIndex={0} onClick={() => void signOut()}>
                {t('resident.logoutResident')}
              </a>
            )}
            <LangSwitch />
          </>
        }
      >
        {t('resident.myCases')}
      </NavBar>
      {status !== 'resident' ? (
        <PhoneCheck />
      ) : cases.data && cases.data.items.length === 0 ? (
        <Empty description={t('resident.noCases')} />
      ) : (
        <List>
          {(cases.data?.items ?? []).map((c) => (
            <List.Item
              key={c.id}
              onClick={() => navigate(`/cases/${c.id}`)}
              description={`${c.caseNo} · ${new Date(c.createdAt).toLocaleDateString()}`}
              extra={<Tag color="primary">{t(`common.state.${c.state}`)}</Tag>}
            >
              {c.title}
            </List.Item>
          ))}
        </List>
      )}
      <div className="m-section">
        <Button block onClick={() => navigate('/new')}>
          {t('resident.newCase')}
        </Button>
        {status === 'resident' && (
          <Button block fill="none" onClick={() => navigate('/my-info')}>
            {t('piRights.myInfo')}
          </Button>
        )}
      </div>
    </div>
  );
}
