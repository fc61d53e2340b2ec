// 记一笔: one screen to log a routine work item — kind, time (now by default), place (the phone's
// position when allowed, else the grid), photos, a note; a patrol adds route, places and findings
// with what was done (the 治保 patrol log). The draft survives a reload; submitting goes through the
// outbox, so it works without a connection.
import { useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Form, Input, NoticeBar, Selector, TextArea, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { WORK_KINDS, type WorkKind } from '../api';
import { useDraft } from '../drafts';
import { emptyLog, MAX_PHOTOS, NOTE_MAX, problemsOfLog, workItemBody, type LogForm } from '../grid-forms';
import { Header, PhotoPicker, PositionLine, usePosition } from '../parts';
import { useGridUser } from '../session';
import { submitThroughOutbox } from '../submit';

const isKind = (k: string | null): k is WorkKind => !!k && (WORK_KINDS as readonly string[]).includes(k);

export function LogPage() {
  const { t } = useTranslation();
  const user = useGridUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const urlKind = params.get('kind');
  const taskId = params.get('task');
  const defaultKind: WorkKind = isKind(urlKind)
    ? urlKind
    : user.role === 'security_member'
      ? 'patrol'
      : 'visit';
  const draft = useDraft<LogForm>(`log:${user.id}`, () => emptyLog(defaultKind, new Date()));
  const [position, relocate] = usePosition();
  const [busy, setBusy] = useState(false);
  const f = draft.value;
  const { update } = draft;

  // a task's link names the kind even when a draft of another kind was restored
  useEffect(() => {
    if (draft.ready && isKind(urlKind)) update({ kind: urlKind });
  }, [draft.ready, urlKind, update]);

  if (!draft.ready) return null;
  const problems = problemsOfLog(f);

  const submit = async () => {
    if (problems.length) {
      const field = {
        occurredAt: 'g.log.time',
        note: 'g.log.note',
        route: 'g.log.patrol.route',
        findings: 'g.log.patrol.findings',
      }[problems[0]!];
      Toast.show({ content: t('g.log.required', { field: t(field) }) });
      return;
    }
    setBusy(true);
    try {
      const outcome = await submitThroughOutbox({
        kind: 'work-item',
        label: `${t(`g.kind.${f.kind}`)} · ${f.note.trim().slice(0, 30)}`,
        body: workItemBody(f, {
          position: position.status === 'ok' ? position.position : null,
          taskId: taskId,
        }),
        photos: draft.photos.map((p, i) => ({ blob: p.blob, name: `photo-${i + 1}.jpg` })),
      });
      draft.clear();
      if (outcome.kind === 'sent') {
        Toast.show({ icon: 'success', content: t('g.log.sent') });
        void queryClient.invalidateQueries({ queryKey: ['grid'] });
        navigate('/');
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
      <Header title={t('g.log.title')} />
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
      {taskId && (
        <div className="g-section g-muted">
          {t('g.log.forTask', { title: params.get('title') ?? t(`g.kind.${f.kind}`) })}
        </div>
      )}
      <Form layout="vertical" mode="card">
        <Form.Item label={t('g.log.kind')} required>
          <Selector
            columns={4}
            options={WORK_KINDS.map((k) => ({ value: k, label: t(`g.kind.${k}`) }))}
            value={[f.kind]}
            onChange={(v) => v[0] && update({ kind: v[0] })}
          />
        </Form.Item>
        <Form.Item label={<label htmlFor="g-time">{t('g.log.time')}</label>} required>
          <input
            id="g-time"
            className="g-input"
            type="datetime-local"
            value={f.occurredAt}
            onChange={(e) => update({ occurredAt: e.target.value })}
          />
        </Form.Item>
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
        {f.kind === 'patrol' && (
          <>
            <Form.Item label={<label htmlFor="g-route">{t('g.log.patrol.route')}</label>} required>
              <Input
                id="g-route"
                placeholder={t('g.log.patrol.routePlaceholder')}
                value={f.route}
                onChange={(v) => update({ route: v })}
              />
            </Form.Item>
            <Form.Item label={<label htmlFor="g-places">{t('g.log.patrol.places')}</label>}>
              <TextArea
                id="g-places"
                rows={2}
                autoSize
                value={f.places}
                onChange={(v) => update({ places: v })}
              />
            </Form.Item>
            <Form.Item label={t('g.log.patrol.findings')} description={t('g.log.patrol.toReport')}>
              {f.findings.map((x, i) => (
                <div className="g-finding" key={i} data-testid="finding">
                  <div className="g-row">
                    <strong className="g-grow">{t('g.log.patrol.finding', { n: i + 1 })}</strong>
                    <a
                      role="button"
                      tabIndex={0}
                      onClick={() => update({ findings: f.findings.filter((_, j) => j !== i) })}
                    >
                      {t('g.log.patrol.remove')}
                    </a>
                  </div>
                  <label htmlFor={`g-finding-${i}`} className="g-muted">
                    {t('g.log.patrol.findingText')}
                  </label>
                  <TextArea
                    id={`g-finding-${i}`}
                    placeholder={t('g.log.patrol.findingPlaceholder')}
                    rows={2}
                    autoSize
                    value={x.text}
                    onChange={(v) =>
                      update({ findings: f.findings.map((y, j) => (j === i ? { ...y, text: v } : y)) })
                    }
                  />
                  <label htmlFor={`g-action-${i}`} className="g-muted">
                    {t('g.log.patrol.action')}
                  </label>
                  <TextArea
                    id={`g-action-${i}`}
                    placeholder={t('g.log.patrol.actionPlaceholder')}
                    rows={2}
                    autoSize
                    value={x.action}
                    onChange={(v) =>
                      update({ findings: f.findings.map((y, j) => (j === i ? { ...y, action: v } : y)) })
                    }
                  />
                </div>
              ))}
              <Button
                block
                fill="outline"
                onClick={() => update({ findings: [...f.findings, { text: '', action: '' }] })}
              >
                {t('g.log.patrol.add')}
              </Button>
            </Form.Item>
          </>
        )}
        <Form.Item label={t('g.log.photos', { n: MAX_PHOTOS })}>
          <PhotoPicker photos={draft.photos} onChange={draft.updatePhotos} />
        </Form.Item>
        <Form.Item label={<label htmlFor="g-note">{t('g.log.note')}</label>} required>
          <TextArea
            id="g-note"
            rows={4}
            maxLength={NOTE_MAX}
            showCount
            placeholder={t('g.log.notePlaceholder')}
            value={f.note}
            onChange={(v) => update({ note: v })}
          />
        </Form.Item>
      </Form>
      <div className="g-section">
        <Button block color="primary" size="large" loading={busy} onClick={submit}>
          {t('g.log.submit')}
        </Button>
      </div>
    </div>
  );
}
