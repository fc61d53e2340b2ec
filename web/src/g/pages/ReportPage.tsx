// 事件上报: a type, a description, photos and the place; a dispute names its parties and becomes a
// case (mediated first in the village). Goes through the outbox like 记一笔.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Dialog, Form, Input, NoticeBar, Selector, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { getCategories, REPORT_TYPES, type ReportCreated } from '../api';
import { useDraft } from '../drafts';
import {
  emptyReport,
  MAX_PHOTOS,
  NOTE_MAX,
  problemsOfReport,
  reportBody,
  type ReportForm,
} from '../grid-forms';
import { Header, PhotoPicker, PositionLine, usePosition } from '../parts';
import { useGridUser } from '../session';
import { submitThroughOutbox } from '../submit';

export function ReportPage() {
  const { t, i18n } = useTranslation();
  const user = useGridUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const draft = useDraft<ReportForm>(`report:${user.id}`, emptyReport);
  const [position, relocate] = usePosition();
  const [busy, setBusy] = useState(false);
  const categories = useQuery({ queryKey: ['categories'], queryFn: getCategories, staleTime: 3600_000 });
  if (!draft.ready) return null;
  const f = draft.value;
  const { update } = draft;
  const dispute = f.type === 'dispute';

  const submit = async () => {
    const problems = problemsOfReport(f);
    if (problems.length) {
      const p = problems[0]!;
      Toast.show({
        content:
          p === 'parties'
            ? t('g.report.partiesRequired')
            : t('g.log.required', { field: t(p === 'type' ? 'g.report.type' : 'g.report.description') }),
      });
      return;
    }
    setBusy(true);
    try {
      const outcome = await submitThroughOutbox({
        kind: 'report',
        label: `${t(`g.report.types.${f.type!}`)} · ${f.description.trim().slice(0, 30)}`,
        body: reportBody(f, { position: position.status === 'ok' ? position.position : null }),
        photos: draft.photos.map((p, i) => ({ blob: p.blob, name: `photo-${i + 1}.jpg` })),
      });
      draft.clear();
      if (outcome.kind === 'sent') {
        void queryClient.invalidateQueries({ queryKey: ['grid'] });
        const created = outcome.result as ReportCreated;
        if (created.caseId) {
          const go = await Dialog.confirm({
            content: (
              <span data-testid="report-case-no">
                {t('g.report.sentDispute', { caseNo: created.caseNo })}
              </span>
            ),
            confirmText: t('g.mine.openCase'),
            cancelText: t('g.common.confirm'),
          });
          navigate(go ? `/cases/${created.caseId}` : '/reports');
        } else {
          Toast.show({ icon: 'success', content: t('g.report.sent') });
          navigate('/reports');
        }
      } else if (outcome.kind === 'queued') {
        Toast.show({ content: t('g.log.queued') });
        navigate('/outbox');
      } else {
        await Dialog.alert({
          content: t('g.log.failed', { message: outcome.message }),
          confirmText: t('g.common.confirm'),
        });
        navigate('/outbox');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Header title={t('g.report.title')} />
      {draft.restored && (
        <NoticeBar
          content={t('g.log.draftRestored')}
          color="info"
          extra={
            <a role="button" tabIndex={0} onClick={draft.clear}>
              {t('g.log.clearDraft')}
            </a>
          }
        />
      )}
      <Form layout="vertical" mode="card">
        <Form.Item label={t('g.report.type')} required>
          <Selector
            columns={3}
            options={REPORT_TYPES.map((k) => ({ value: k, label: t(`g.report.types.${k}`) }))}
            value={f.type ? [f.type] : []}
            onChange={(v) =>
              update({
                type: v[0] ?? null,
                parties:
                  v[0] === 'dispute' && f.parties.length === 0
                    ? [
                        { name: '', phone: '', role: 'applicant' },
                        { name: '', phone: '', role: 'respondent' },
                      ]
                    : f.parties,
              })
            }
          />
          {f.type && (
            <div className="g-muted" style={{ marginTop: 8 }} data-testid="report-notice">
              {dispute ? t('g.report.disputeNotice') : t('g.report.otherNotice')}
            </div>
          )}
        </Form.Item>
        <Form.Item label={<label htmlFor="g-description">{t('g.report.description')}</label>} required>
          <TextArea
            id="g-description"
            rows={4}
            maxLength={NOTE_MAX}
            showCount
            placeholder={t('g.report.descriptionPlaceholder')}
            value={f.description}
            onChange={(v) => update({ description: v })}
          />
        </Form.Item>
        {dispute && (categories.data?.length ?? 0) > 0 && (
          <Form.Item label={t('g.report.category')}>
            <Selector
              columns={3}
              options={categories.data!.map((c) => ({
                value: c.code,
                label: i18n.language === 'en' ? c.nameEn : c.nameZh,
              }))}
              value={f.categoryCode ? [f.categoryCode] : []}
              onChange={(v) => update({ categoryCode: v[0] ?? null })}
            />
          </Form.Item>
        )}
        {dispute && (
          <Form.Item label={t('g.report.parties')} required>
            {f.parties.map((p, i) => (
              <div className="g-finding" key={i} data-testid="party">
                <div className="g-row">
                  <strong className="g-grow">{t('g.report.party', { n: i + 1 })}</strong>
                  <Selector
                    options={(['applicant', 'respondent'] as const).map((r) => ({
                      value: r,
                      label: t(`work.party.role.${r}`),
                    }))}
                    value={[p.role]}
                    onChange={(v) =>
                      v[0] &&
                      update({ parties: f.parties.map((x, j) => (j === i ? { ...x, role: v[0]! } : x)) })
                    }
                  />
                </div>
                <Input
                  aria-label={`${t('g.report.partyName')} ${i + 1}`}
                  placeholder={t('g.report.partyName')}
                  value={p.name}
                  onChange={(v) =>
                    update({ parties: f.parties.map((x, j) => (j === i ? { ...x, name: v } : x)) })
                  }
                  style={{ marginTop: 6 }}
                />
                <Input
                  aria-label={`${t('g.report.partyPhone')} ${i + 1}`}
                  placeholder={t('g.report.partyPhone')}
                  type="tel"
                  value={p.phone}
                  onChange={(v) =>
                    update({ parties: f.parties.map((x, j) => (j === i ? { ...x, phone: v } : x)) })
                  }
                  style={{ marginTop: 6 }}
                />
              </div>
            ))}
            <Button
              block
              fill="outline"
              onClick={() => update({ parties: [...f.parties, { name: '', phone: '', role: 'respondent' }] })}
            >
              {t('g.report.addParty')}
            </Button>
          </Form.Item>
        )}
        <Form.Item label={t('g.log.place')}>
          <PositionLine state={position} gridName={user.scopeName ?? user.scopeCode} onRetry={relocate} />
          <Input
            aria-label={t('g.log.placeText')}
            placeholder={t('g.log.placeText')}
            value={f.place}
            onChange={(v) => update({ place: v })}
            style={{ marginTop: 8 }}
          />
        </Form.Item>
        <Form.Item label={t('g.log.photos', { n: MAX_PHOTOS })}>
          <PhotoPicker photos={draft.photos} onChange={draft.updatePhotos} />
        </Form.Item>
        {f.type && !dispute && (
          <Form.Item>
            <Checkbox checked={f.resolvedOnSite} onChange={(v) => update({ resolvedOnSite: v })}>
              {t('g.report.resolvedOnSite')}
            </Checkbox>
          </Form.Item>
        )}
      </Form>
      <div className="g-section">
        <Button block color="primary" size="large" loading={busy} onClick={submit}>
          {t('g.report.submit')}
        </Button>
      </div>
    </div>
  );
}
