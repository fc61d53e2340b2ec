// 回执: what the resident takes home after registering — the case number, the date, the center,
// the category, the parties (as the API shows them), what happens next and within how many
// working days, and the case's own QR code (一案一码) that opens its progress on a phone. Printed
// on A4; the print stylesheet (intake.css) leaves only the paper.
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, QRCode, Result, Space, Spin } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { currentLang } from '../../i18n';
import { categoryName, useCase, useCategories, useRegion } from './intake-api';
import type { UploadFailure } from './RegisterPage';
import { chinaDate, nextStepLimits } from './registration-rules';
import './intake.css';

/** Where the resident's phone lands when the code is scanned (the resident H5 at /m). */
export const caseQrUrl = (origin: string, id: string) => `${origin}/m/cases/${id}`;

/** Sets the window title while the page shows (it heads the printed page too). */
export function useDocumentTitle(title: string | null) {
  useEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
}

export function ReceiptPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const failures = (location.state as { failures?: UploadFailure[] } | null)?.failures ?? [];
  const detail = useCase(id);
  const categories = useCategories();
  const c = detail.data;
  const region = useRegion(c?.regionCode ?? '', Boolean(c));
  useDocumentTitle(c ? `${t('intake.receipt.pageTitle')} ${c.caseNo}` : null);

  if (detail.isLoading) return <Spin />;
  if (detail.error || !c) {
    return <Result status="404" title={detail.error?.message ?? t('common.notFound')} />;
  }
  const lang = currentLang();
  const category = categoryName(
    categories.data?.find((x) => x.code === c.categoryCode),
    lang,
  );
  const limits = nextStepLimits(c.categoryCode, c.handlingLevel);
  const rows: [string, ReactNode, string?][] = [
    [t('intake.receipt.caseNo'), <strong key="no">{c.caseNo}</strong>, 'receipt-case-no'],
    [t('intake.receipt.date'), chinaDate(c.createdAt, lang)],
    [t('intake.receipt.center'), c.centerName ?? ''],
    [t('intake.receipt.category'), category || c.categoryCode],
    [t('intake.receipt.place'), region.data?.fullName ?? c.regionName ?? c.regionCode],
    [t('intake.receipt.channel'), t(`common.channel.${c.channel}`)],
    [
      t('intake.receipt.parties'),
      c.parties.map((p) => `${t(`intake.register.partyRole.${p.role}`)}：${p.name}`).join('；'),
    ],
  ];

  return (
    <div className="intake-print-page">
      <Space className="no-print intake-toolbar" wrap>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('intake.receipt.print')}
        </Button>
        <Link to="/register">
          <Button>{t('intake.receipt.another')}</Button>
        </Link>
        <Link to={`/cases/${c.id}`}>
          <Button>{t('intake.receipt.openCase')}</Button>
        </Link>
      </Space>
      {failures.length > 0 && (
        <Alert
          className="no-print"
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('intake.receipt.uploadFailures')}
          description={
            <ul>
              {failures.map((f) => (
                <li key={f.name}>
                  {f.name}：{f.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <article className="intake-paper" aria-labelledby="receipt-heading" data-testid="receipt">
        <header className="intake-paper-head">
          <div className="intake-paper-center">{c.centerName}</div>
          <h1 id="receipt-heading">{t('intake.receipt.heading')}</h1>
        </header>
        <div className="intake-receipt-body">
          <table className="intake-facts">
            <tbody>
              {rows.map(([label, value, testId]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td data-testid={testId}>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <figure className="intake-qr" data-testid="receipt-qr">
            <QRCode
              value={caseQrUrl(window.location.origin, c.id)}
              type="svg"
              size={148}
              bordered={false}
              errorLevel="M"
              aria-label={t('intake.receipt.qrTitle')}
              role="img"
            />
            <figcaption>{t('intake.receipt.qrTitle')}</figcaption>
          </figure>
        </div>
        <section>
          <h2>{t('intake.receipt.nextTitle')}</h2>
          <p>{t('intake.receipt.next', limits)}</p>
          <p>{t('intake.receipt.qrHint')}</p>
        </section>
        <footer className="intake-paper-foot">
          <div>{c.centerName}</div>
          <div>{chinaDate(c.createdAt, lang)}</div>
          <div className="intake-stamp">{t('intake.receipt.stamp')}</div>
        </footer>
      </article>
    </div>
  );
}
