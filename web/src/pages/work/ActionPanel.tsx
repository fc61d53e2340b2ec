// The actions the state machine allows this user now (allowedActions of the case detail), each a
// button that opens its form.
import { Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseAction } from '../../../../src/core/workflow/available-actions';
import { ActionForm } from './ActionForm';
import { DANGER_ACTIONS, primaryAction } from './action-forms';
import type { CaseDetail } from './types';
import { useSuggestion } from './UnitPickers';

export function ActionPanel({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  // the version the user saw when opening a form: a newer one arriving meanwhile (live update)
  // must not reset what is typed, and submitting then gets the server's 409
  const [open, setOpen] = useState<{ action: CaseAction; version: number } | null>(null);
  const primary = primaryAction(c.allowedActions);
  // the suggestion is fetched with the page, so "assign" opens with it already chosen
  const suggestion = useSuggestion(c, c.allowedActions.includes('assign')).data?.suggestion ?? null;

  return (
    <Card title={t('work.actions.title')} size="small" style={{ marginBottom: 16 }}>
      {c.allowedActions.length === 0 ? (
        <Typography.Text type="secondary">{t('work.actions.none')}</Typography.Text>
      ) : (
        <Flex wrap gap={8} data-testid="case-actions">
          {c.allowedActions.map((a) => (
            <Button
              key={a}
              type={a === primary ? 'primary' : 'default'}
              danger={DANGER_ACTIONS.includes(a)}
              onClick={() => setOpen({ action: a, version: c.version })}
            >
              {t(`work.action.${a}`)}
            </Button>
          ))}
        </Flex>
      )}
      {open && (
        <ActionForm
          key={open.action}
          c={c}
          action={open.action}
          seenVersion={open.version}
          suggestedUnitId={suggestion?.unitId ?? null}
          onClose={() => setOpen(null)}
        />
      )}
    </Card>
  );
}
