// 案件详情: summary, parties, timeline, attachments and what the user may do now.
import { ArrowLeftOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Result, Row, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { CaseDecisions } from '../meetings/CaseDecisions';
import { CaseOversight } from '../oversight/CaseOversight';
import { ActionPanel } from './ActionPanel';
import { AttachmentsCard } from './AttachmentsCard';
import { CaseFlags, CaseSummary } from './CaseSummary';
import { MediationCard } from './MediationCard';
import { PartiesCard } from './PartiesCard';
import { useCase } from './queries';
import { StateTag } from './tags';
import { TimelineCard } from './TimelineCard';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function CasePage() {
  const { id = '' } = useParams();
  return UUID.test(id) ? <CaseView id={id} /> : <NotFound />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('work.case.notFound')}
      extra={<Link to="/cases">{t('common.menu.cases')}</Link>}
    />
  );
}

function CaseView({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useCase(id);
  if (q.isLoading) return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;
  if (q.error) {
    if (q.error instanceof ApiError && q.error.status === 404) return <NotFound />;
    return (
      <Alert
        type="error"
        showIcon
        title={q.error.message}
        action={<Button onClick={() => void q.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  const c = q.data!;
  return (
    <article aria-labelledby="case-title">
      <Space align="center" wrap style={{ marginBottom: 8 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('work.case.back')} />
        <Typography.Title level={3} id="case-title" style={{ margin: 0 }}>
          <span data-testid="case-no">{c.caseNo}</span> {c.title}
        </Typography.Title>
        <StateTag state={c.state} />
        <CaseFlags c={c} />
      </Space>
      <Space wrap style={{ marginBottom: 16, display: 'flex' }} className="no-print">
        <Link to={`/cases/${c.id}/receipt`}>
          <PrinterOutlined /> {t('work.case.receipt')}
        </Link>
        {c.state === 'declined' && (
          <Link to={`/cases/${c.id}/decline-notice`}>
            <PrinterOutlined /> {t('work.case.declineNotice')}
          </Link>
        )}
        {c.state === 'archived' && (
          <a href={`/api/cases/${c.id}/dossier.pdf`} download data-testid="dossier-download">
            <FilePdfOutlined /> {t('mediation.dossier')}
          </a>
        )}
      </Space>
      {c.state === 'declined' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('work.case.declined')}
          action={<Link to={`/cases/${c.id}/decline-notice`}>{t('work.case.declineNotice')}</Link>}
        />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <CaseSummary c={c} />
          <PartiesCard c={c} />
          <MediationCard c={c} />
          <TimelineCard c={c} />
        </Col>
        <Col xs={24} xl={8}>
          <ActionPanel c={c} />
          <CaseOversight caseId={c.id} version={c.version} onChanged={() => void q.refetch()} />
          <CaseDecisions caseId={c.id} version={c.version} />
          <AttachmentsCard c={c} />
        </Col>
      </Row>
    </article>
  );
}
