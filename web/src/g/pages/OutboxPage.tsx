// 待发送: what is queued on the phone, each with its state; a failed one shows the server's message
// and can be sent again or deleted.
import { Button, Dialog, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { outbox, useOutbox } from '../outbox';
import { formatTime, Header } from '../parts';
import { counts, type QueueEntry } from '../queue';
import { useGridUser } from '../session';

const STATE_COLOR = { pending: 'warning', sending: 'primary', failed: 'danger', sent: 'success' } as const;

export function OutboxPage() {
  const { t, i18n } = useTranslation();
  const user = useGridUser();
  const box = useOutbox();
  const mine = box.entries.filter((e) => e.userId === user.id);
  const others = box.entries.filter((e) => e.userId !== user.id && e.state !== 'sent');
  const { waiting } = counts(box.entries, user.id);

  const row = (e: QueueEntry) => {
    const uploaded = e.photos.filter((p) => p.uploadedId).length;
    return (
      <div className="g-card" key={e.id} data-testid="outbox-entry" data-state={e.state}>
        <div className="g-row">
          <Tag color={STATE_COLOR[e.state]} data-testid="outbox-state">
            {t(`g.outbox.state.${e.state}`)}
          </Tag>
          <span className="g-grow" />
          <span className="g-muted">{formatTime(new Date(e.createdAt).toISOString(), i18n.language)}</span>
        </div>
        <div style={{ margin: '8px 0' }}>{e.label}</div>
        <div className="g-muted">
          {e.photos.length > 0 && t('g.outbox.photos', { done: uploaded, total: e.photos.length })}
          {e.attempts > 0 && ` · ${t('g.outbox.attempts', { n: e.attempts })}`}
        </div>
        {e.error && e.state !== 'sent' && (
          <div
            style={{ color: e.state === 'failed' ? '#cf1322' : '#8c8c8c', marginTop: 4 }}
            data-testid="outbox-error"
          >
            {e.error}
          </div>
        )}
        {e.userId === user.id && e.state !== 'sent' && e.state !== 'sending' && (
          <div className="g-row" style={{ marginTop: 8, justifyContent: 'flex-end' }}>
            <Button
              size="small"
              fill="outline"
              color="danger"
              onClick={async () => {
                const ok = await Dialog.confirm({
                  content: t('g.outbox.discardConfirm'),
                  confirmText: t('g.outbox.discard'),
                  cancelText: t('g.common.cancel'),
                });
                if (ok) await outbox.discard(e.id);
              }}
            >
              {t('g.outbox.discard')}
            </Button>
            {(e.state === 'failed' || e.attempts > 0) && (
              <Button size="small" color="primary" onClick={() => void outbox.retry(e.id)}>
                {t('g.outbox.retry')}
              </Button>
            )}
          </div>
        )}
      </div>
    );
  };

  return (
    <div>
      <Header title={t('g.outbox.title')} back />
      <div className="g-section" data-testid="outbox-count">
        {waiting > 0 ? t('g.outbox.waiting', { n: waiting }) : t('g.outbox.empty')}
      </div>
      {[...mine].reverse().map(row)}
      {others.length > 0 && (
        <>
          <div className="g-section g-muted">{t('g.outbox.otherAccount')}</div>
          {others.map(row)}
        </>
      )}
    </div>
  );
}
