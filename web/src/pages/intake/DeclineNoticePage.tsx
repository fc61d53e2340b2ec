// 不予受理告知书: for a declined case, the written notice to the applicants — the legal ground and
// the channel they are guided to, both read from the decline event of the case's timeline.
// Printed on A4 like the receipt.
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Result, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { currentLang } from '../../i18n';
import { categoryName, useCase, useCategories } from './intake-api';
import { useDocumentTitle } from './ReceiptPage';
import { chinaDate, declineOf } from './registration-rules';
import './intake.css';

export function DeclineNoticePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const detail = useCase(id);
  const categories = useCategories();
  const c = detail.data;
  const decline = c ? declineOf(c.timeline) : null;
  useDocumentTitle(c && decline ? `${t('intake.decline.pageTitle')} ${c.caseNo}` : null);

  if (detail.isLoading) return <Spin />;
  if (detail.error || !c) {
    return <Result status="404" title={detail.error?.message ?? t('common.notFound')} />;
  }
  if (c.state !== 'declined' || !decline) {
    return (
      <Result
        status="info"
        title={t('intake.decline.notDeclined')}
        extra={
          <Link to={`/cases/${c.id}`}>
            <Button>{t('intake.decline.openCase')}</Button>
          </Link>
        }
      />
    );
  }
  const lang = currentLang();
  const category =
    categoryName(
      categories.data?.find((x) => x.code === c.categoryCode),
      lang,
    ) || c.categoryCode;
  const applicants = c.parties.filter((p) => p.role === 'applicant').map((p) => p.name);
  const center = c.centerName ?? decline.unitName ?? '';

  return (
    <div className="intake-print-page">
      <Space className="no-print intake-toolbar">
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('intake.decline.print')}
        </Button>
        <Link to={`/cases/${c.id}`}>
          <Button>{t('intake.decline.openCase')}</Button>
        </Link>
      </Space>
      <article className="intake-paper" aria-labelledby="decline-heading" data-testid="decline-notice">
        <header className="intake-paper-head">
          <div className="intake-paper-center">{center}</div>
          <h1 id="decline-heading">{t('intake.decline.heading')}</h1>
          <div className="intake-paper-no">{c.caseNo}</div>
        </header>
        <p>{t('intake.decline.salutation', { names: applicants.join(lang === 'en' ? ', ' : '、') })}</p>
        <p className="intake-indent">
          {t('intake.decline.body', {
            date: chinaDate(c.createdAt, lang),
            category,
            caseNo: c.caseNo,
            legalGround: decline.legalGround,
          })}
        </p>
        <p className="intake-indent" data-testid="decline-guidance">
          {t('intake.decline.guidance', { channel: t(`common.guidance.${decline.guidance}`) })}
        </p>
        {decline.note && <p className="intake-indent">{t('intake.decline.note', { note: decline.note })}</p>}
        <p className="intake-indent">{t('intake.decline.closing')}</p>
        <footer className="intake-paper-foot">
          <div>{center}</div>
          <div>{chinaDate(decline.at, lang)}</div>
          <div className="intake-stamp">{t('intake.receipt.stamp')}</div>
        </footer>
      </article>
    </div>
  );
}
