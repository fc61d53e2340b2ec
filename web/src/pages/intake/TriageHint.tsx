// 分流研判 while registering: once the description is written (and the typing has paused), the
// suggested category and risk level with the words and rules behind them; one click puts both in
// the form. Nothing is stored: the server looks again at registration, with the person's earlier
// cases, and keeps the higher risk level of the clerk's and its own.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Space, Tag, Typography, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { RiskTag } from '../work/tags';
import { useCategoryName } from '../warnings/shared';
import {
  CONFIDENT,
  TRIAGE_MIN_LENGTH,
  reasonText,
  suggestionAccepted,
  type TriageSuggestion,
} from '../warnings/rules';
import type { RegisterValues } from './registration-rules';

export const TRIAGE_DEBOUNCE_MS = 600;

function useDebounced<T>(value: T, ms: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return JSON.parse(settled) as T;
}

export function TriageHint({ form }: { form: FormInstance<RegisterValues> }) {
  const { t } = useTranslation();
  const catName = useCategoryName();
  const description = (Form.useWatch('description', form) as string | undefined) ?? '';
  const title = (Form.useWatch('title', form) as string | undefined) ?? '';
  const parties = (Form.useWatch('parties', form) as unknown[] | undefined) ?? [];
  const categoryCode = Form.useWatch('categoryCode', form) as string | undefined;
  const riskLevel = Form.useWatch('riskLevel', form) as RegisterValues['riskLevel'];
  const input = useDebounced(
    { description: description.trim(), title: title.trim(), partyCount: parties.length },
    TRIAGE_DEBOUNCE_MS,
  );
  const enabled = input.description.length >= TRIAGE_MIN_LENGTH;
  const q = useQuery({
    queryKey: ['triage', input],
    queryFn: ({ signal }) =>
      api<TriageSuggestion>('/api/triage', {
        body: {
          description: input.description,
          ...(input.title ? { title: input.title } : {}),
          partyCount: input.partyCount,
        },
        signal,
      }),
    enabled,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
  if (!enabled) return null;
  if (q.error) {
    return (
      <Alert
        type="warning"
        showIcon
        role="status"
        style={{ marginBottom: 16 }}
        title={t('warnings.triage.failed', { message: q.error.message })}
      />
    );
  }
  const s = q.data;
  if (!s) {
    return (
      <Typography.Paragraph type="secondary" role="status">
        {t('warnings.triage.loading')}
      </Typography.Paragraph>
    );
  }
  const accepted = suggestionAccepted({ categoryCode, riskLevel }, s);
  return (
    <Alert
      type={s.risk === 'red' || s.risk === 'orange' ? 'warning' : 'info'}
      showIcon
      role="status"
      style={{ marginBottom: 16 }}
      data-testid="triage-hint"
      title={
        <Space wrap>
          <Typography.Text strong>{t('warnings.triage.title')}</Typography.Text>
          <Tag data-testid="triage-category">
            {t('warnings.triage.category', { category: catName(s.category) })}
          </Tag>
          <Typography.Text type="secondary">
            {t('warnings.triage.confidence', { percent: Math.round(s.confidence * 100) })}
            {s.confidence < CONFIDENT ? t('warnings.triage.guess') : ''}
          </Typography.Text>
          <span data-testid="triage-risk">
            {t('warnings.triage.risk', { risk: '' })}
            <RiskTag risk={s.risk} />
          </span>
          <Button
            size="small"
            type={accepted ? 'default' : 'primary'}
            disabled={accepted}
            onClick={() => form.setFieldsValue({ categoryCode: s.category, riskLevel: s.risk })}
            data-testid="triage-accept"
          >
            {accepted ? t('warnings.triage.accepted') : t('warnings.triage.accept')}
          </Button>
        </Space>
      }
      description={
        <>
          <Typography.Text type="secondary">{t('warnings.triage.reasons')}</Typography.Text>
          <ul className="intake-known-list" data-testid="triage-reasons">
            {s.reasons.map((r, i) => (
              <li key={i}>{reasonText(r, t, catName)}</li>
            ))}
          </ul>
          <Typography.Text type="secondary">{t('warnings.triage.note')}</Typography.Text>
        </>
      }
    />
  );
}
