// A case that grew from the worker's dispute report, on the phone: its state and history, and the
// actions the worker may take now (GET /api/cases/:id allowedActions) — the village-level mediation
// record (handle, conclude) and the whistle (escalate) — as a small action sheet and form. Other
// actions are left to the console page. Case actions need a connection (they are not queued: the
// case may have moved on meanwhile, and the server answers with its version check).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ActionSheet, Button, Form, Popup, Selector, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { CaseAction } from '../../../../src/core/workflow/available-actions';
import { GUIDANCE_CHANNELS, OUTCOMES } from '../../../../src/core/workflow/case-model';
import { LEVEL_CODE_LENGTHS } from '../../../../src/core/regions/region-code';
import { levelAbove } from '../../../../src/core/workflow/workflow';
import { api, ApiError } from '../../api/client';
import {
  HANDLE_METHODS,
  initialValues,
  toTransitionBody,
  validateAction,
  visibleFields,
  type ActionValues,
  type FieldName,
} from '../../pages/work/action-forms';
import type { CaseDetail, Unit } from '../../pages/work/types';
import { formatTime, Header } from '../parts';

/** What the phone offers; the rest (transfer, extensions …) is in the console. */
const MOBILE_ACTIONS: readonly CaseAction[] = ['accept', 'handle', 'escalate', 'conclude'];

function aboveCode(c: CaseDetail): string | null {
  const up = levelAbove(c.handlingLevel);
  const length = LEVEL_CODE_LENGTHS.find(([level]) => level === up)?.[1];
  return length && c.regionCode.length >= length ? c.regionCode.slice(0, length) : null;
}

export function CasePage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const c = useQuery({
    queryKey: ['case', id],
    queryFn: () => api<CaseDetail>(`/api/cases/${id}`),
    staleTime: 0,
  });
  const [sheet, setSheet] = useState(false);
  const [open, setOpen] = useState<{ action: CaseAction; version: number } | null>(null);

  if (c.isLoading) return <Header title={t('g.case.title')} back />;
  if (c.isError || !c.data)
    return (
      <div>
        <Header title={t('g.case.title')} back />
        <div className="g-card g-muted">{(c.error as Error | null)?.message}</div>
      </div>
    );
  const k = c.data;
  const actions = k.allowedActions.filter((a) => MOBILE_ACTIONS.includes(a));
  const label = (a: CaseAction) =>
    a === 'handle' && k.handlingLevel === 'village'
      ? t('g.case.village')
      : a === 'escalate' && k.handlingLevel === 'village'
        ? t('g.case.whistle')
        : t(`work.action.${a}`);

  return (
    <div>
      <Header title={k.caseNo} back />
      <div className="g-card">
        <div className="g-row">
          <Tag color="primary" data-testid="case-state">
            {t(`common.state.${k.state}`)}
          </Tag>
          {k.light && (
            <span className={`g-light g-light-${k.light}`} aria-label={t(`common.light.${k.light}`)} />
          )}
          <span className="g-muted">
            {t('g.case.level', { level: t(`common.level.${k.handlingLevel}`) })}
          </span>
        </div>
        <h3 style={{ marginTop: 8 }}>{k.title}</h3>
        <div style={{ whiteSpace: 'pre-wrap' }}>{k.description}</div>
        {k.deadlineAt && (
          <div className="g-muted" style={{ marginTop: 6 }}>
            {t('g.case.deadline', { at: formatTime(k.deadlineAt, i18n.language) })}
          </div>
        )}
      </div>
      <div className="g-section">
        {actions.length > 0 ? (
          <Button
            block
            color="primary"
            size="large"
            onClick={() => setSheet(true)}
            data-testid="case-actions"
          >
            {t('g.case.chooseAction')}
          </Button>
        ) : (
          <div className="g-muted">{t('g.case.noActions')}</div>
        )}
        <div style={{ marginTop: 12, textAlign: 'center' }}>
          <a href={`/cases/${k.id}`}>{t('g.case.console')}</a>
        </div>
      </div>
      <div className="g-card">
        <h3>{t('g.case.timeline')}</h3>
        {[...k.timeline].reverse().map((e) => (
          <div key={e.seq} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
            <div className="g-row">
              <strong className="g-grow">{t(`work.action.${e.action}`, { defaultValue: e.action })}</strong>
              <span className="g-muted">{formatTime(e.at, i18n.language)}</span>
            </div>
            <div className="g-muted">
              {[e.actorName, e.actorUnitName].filter(Boolean).join(' · ')}
              {typeof e.payload.note === 'string' && ` — ${e.payload.note}`}
              {typeof e.payload.summary === 'string' && ` — ${e.payload.summary}`}
              {typeof e.payload.reason === 'string' && ` — ${e.payload.reason}`}
            </div>
          </div>
        ))}
      </div>
      <ActionSheet
        visible={sheet}
        onClose={() => setSheet(false)}
        extra={t('g.case.chooseAction')}
        cancelText={t('g.common.cancel')}
        actions={actions.map((a) => ({ key: a, text: label(a) }))}
        onAction={(a) => {
          setSheet(false);
          setOpen({ action: a.key as CaseAction, version: k.version });
        }}
      />
      <Popup
        visible={!!open}
        onMaskClick={() => setOpen(null)}
        bodyStyle={{ maxHeight: '85vh', overflow: 'auto', borderRadius: '12px 12px 0 0' }}
        destroyOnClose
      >
        {open && (
          <ActionForm
            c={k}
            action={open.action}
            version={open.version}
            title={label(open.action)}
            onDone={async (stale) => {
              setOpen(null);
              await queryClient.invalidateQueries({ queryKey: ['case', id] });
              void queryClient.invalidateQueries({ queryKey: ['grid'] });
              Toast.show(
                stale
                  ? { content: t('g.case.stale') }
                  : { icon: 'success', content: t('g.case.done', { action: label(open.action) }) },
              );
            }}
          />
        )}
      </Popup>
    </div>
  );
}

function ActionForm({
  c,
  action,
  version,
  title,
  onDone,
}: {
  c: CaseDetail;
  action: CaseAction;
  version: number;
  title: string;
  onDone: (stale: boolean) => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<ActionValues>(() => initialValues(action));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [busy, setBusy] = useState(false);
  const up = action === 'escalate' ? aboveCode(c) : null;
  const units = useQuery({
    queryKey: ['units', 'at', up],
    queryFn: () => api<Unit[]>(`/api/units?region=${up}&limit=500`),
    enabled: !!up,
    staleTime: 3600_000,
  });
  const linked = c.units.map((u) => u.unitId);
  const departments = (units.data ?? []).filter(
    (u) => (u.kind === 'department' || u.kind === 'mediation_org') && !linked.includes(u.id),
  );
  const set = (patch: ActionValues) => setV((x) => ({ ...x, ...patch }));
  const err = (f: FieldName) =>
    errors[f] ? (
      <span style={{ color: '#cf1322' }}>{t(`work.form.error.${errors[f]}`, { max: 2000 })}</span>
    ) : null;

  const submit = async () => {
    const problems = validateAction(action, v, { leadUnitId: c.leadUnitId, linkedUnitIds: linked });
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await api(`/api/cases/${c.id}/transitions`, { body: toTransitionBody(action, v, version) });
      onDone(false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) onDone(true);
      else Toast.show({ content: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const fields = visibleFields(action, v);
  return (
    <div style={{ padding: '8px 0 16px' }} data-testid="case-action-form">
      <h3 style={{ margin: '8px 16px' }}>{title}</h3>
      <Form layout="vertical">
        {fields.map((f) => {
          switch (f) {
            case 'method':
              return (
                <Form.Item key={f} label={t('work.form.method')} description={err(f)}>
                  <Selector
                    columns={3}
                    options={HANDLE_METHODS.map((m) => ({ value: m, label: t(`work.method.${m}`) }))}
                    value={v.method ? [v.method] : []}
                    onChange={(x) => set({ method: x[0] })}
                  />
                </Form.Item>
              );
            case 'outcome':
              return (
                <Form.Item key={f} label={t('work.form.outcome')} required description={err(f)}>
                  <Selector
                    columns={2}
                    options={OUTCOMES.map((o) => ({ value: o, label: t(`common.outcome.${o}`) }))}
                    value={v.outcome ? [v.outcome] : []}
                    onChange={(x) => set({ outcome: x[0] })}
                  />
                </Form.Item>
              );
            case 'guidance':
              return (
                <Form.Item key={f} label={t('work.form.guidance')} required description={err(f)}>
                  <Selector
                    columns={3}
                    options={GUIDANCE_CHANNELS.map((o) => ({ value: o, label: t(`common.guidance.${o}`) }))}
                    value={v.guidance ? [v.guidance] : []}
                    onChange={(x) => set({ guidance: x[0] })}
                  />
                </Form.Item>
              );
            case 'departmentUnitIds':
              return (
                <Form.Item key={f} label={t('g.case.departments')} required description={err(f)}>
                  {departments.length === 0 && !units.isLoading ? (
                    <span className="g-muted">{t('g.case.noDepartments')}</span>
                  ) : (
                    <Selector
                      multiple
                      columns={2}
                      options={departments.map((u) => ({ value: u.id, label: u.name }))}
                      value={v.departmentUnitIds ?? []}
                      onChange={(x) => set({ departmentUnitIds: x })}
                    />
                  )}
                </Form.Item>
              );
            case 'note':
            case 'summary':
            case 'reason':
              return (
                <Form.Item
                  key={f}
                  label={<label htmlFor={`g-case-${f}`}>{t(`work.form.${f}`)}</label>}
                  required={action !== 'accept' && f !== 'note' ? true : action === 'handle'}
                  description={err(f)}
                >
                  <TextArea
                    id={`g-case-${f}`}
                    rows={4}
                    autoSize
                    maxLength={f === 'summary' ? 4000 : 2000}
                    value={v[f] ?? ''}
                    onChange={(x) => set({ [f]: x })}
                  />
                </Form.Item>
              );
            default:
              return null;
          }
        })}
      </Form>
      <div className="g-section">
        <Button block color="primary" size="large" loading={busy} onClick={submit}>
          {t('common.submit')}
        </Button>
      </div>
    </div>
  );
}
