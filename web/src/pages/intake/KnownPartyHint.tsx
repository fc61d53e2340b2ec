// "This person came before": as soon as a party's ID number or phone is valid (and the typing has
// paused), the earlier cases of the same person within the user's scope, found on the server by
// the blind index. Links open in a new tab so the form being filled stays as it is.
import { Alert, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useKnownParty } from './intake-api';
import { knownQueries, mergeKnown, type KnownQuery, type PartyValues } from './registration-rules';

export const KNOWN_PARTY_DEBOUNCE_MS = 400;

function useDebounced<T>(value: T, ms: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return JSON.parse(settled) as T;
}

export function KnownPartyHint({ party, index }: { party: PartyValues | undefined; index: number }) {
  const { t, i18n } = useTranslation();
  const queries = useDebounced(knownQueries(party), KNOWN_PARTY_DEBOUNCE_MS);
  const byId = queries.find((q): q is Extract<KnownQuery, { idNumber: string }> => 'idNumber' in q) ?? null;
  const byPhone = queries.find((q): q is Extract<KnownQuery, { phone: string }> => 'phone' in q) ?? null;
  const a = useKnownParty(byId);
  const b = useKnownParty(byPhone);
  const cases = mergeKnown([a.data?.items, b.data?.items]);
  const more = Boolean(a.data?.more || b.data?.more);
  const failed = [a.error, b.error].find((e): e is ApiError => e instanceof ApiError);

  if (failed) {
    return (
      <Alert
        role="status"
        type="warning"
        showIcon
        title={t('intake.register.known.lookupFailed', { message: failed.message })}
        style={{ marginBottom: 12 }}
      />
    );
  }
  if (cases.length === 0) return null;
  const fmt = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-CA' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
  });
  return (
    <Alert
      role="status"
      type="info"
      showIcon
      data-testid={`known-party-hint-${index}`}
      style={{ marginBottom: 12 }}
      title={t('intake.register.known.title', { count: cases.length })}
      description={
        <ul className="intake-known-list">
          {cases.map((c) => (
            <li key={c.id}>
              <a href={`/cases/${c.id}`} target="_blank" rel="noreferrer">
                {c.caseNo}
              </a>{' '}
              {c.title} · {t(`common.state.${c.state}`)} · {fmt.format(new Date(c.createdAt))} ·{' '}
              <Typography.Text type="secondary">
                {t('intake.register.known.role', { role: t(`intake.register.partyRole.${c.partyRole}`) })}
              </Typography.Text>
            </li>
          ))}
          {more && (
            <li>
              <Typography.Text type="secondary">
                {t('intake.register.known.more', { count: cases.length })}
              </Typography.Text>
            </li>
          )}
        </ul>
      }
    />
  );
}
