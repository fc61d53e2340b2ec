// One action on a case as a small form in a modal. Fields and checks come from action-forms.ts;
// the server decides. A stale version (someone else acted first) reloads the case and says so.
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { CaseAction } from '../../../../src/core/workflow/available-actions';
import { GUIDANCE_CHANNELS, OUTCOMES, SATISFACTIONS } from '../../../../src/core/workflow/case-model';
import { api, ApiError } from '../../api/client';
import {
  HANDLE_METHODS,
  MAX_LENGTH,
  WORKING_DAYS,
  fieldError,
  initialValues,
  requiredFields,
  toTransitionBody,
  visibleFields,
  type ActionContext,
  type ActionValues,
  type FieldName,
} from './action-forms';
import { caseKey } from './queries';
import type { CaseDetail, GoneAfterTransition } from './types';
import { DepartmentPicker, HandlingUnitPicker } from './UnitPickers';

const TEXT_ROWS: Partial<Record<FieldName, number>> = { summary: 4, reason: 3, note: 3, legalGround: 2 };

export function ActionForm({
  c,
  action,
  seenVersion,
  suggestedUnitId,
  onClose,
}: {
  c: CaseDetail;
  action: CaseAction;
  /** the case's version when the form was opened: what the user decided on */
  seenVersion: number;
  suggestedUnitId: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ActionValues>();
  const values = Form.useWatch([], { form, preserve: true }) ?? initialValues(action, { suggestedUnitId });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ctx: ActionContext = { leadUnitId: c.leadUnitId, linkedUnitIds: c.units.map((u) => u.unitId) };
  const shown = visibleFields(action, values);
  const required = requiredFields(action, values);
  const excluded =
    action === 'add_co_handler'
      ? ctx.linkedUnitIds
      : action === 'transfer' || action === 'rule_rejection'
        ? [c.leadUnitId ?? '']
        : [];

  const rule = (field: FieldName) => ({
    validator: () => {
      const key = fieldError(action, field, form.getFieldsValue(true) as ActionValues, ctx);
      return key
        ? Promise.reject(new Error(t(`work.form.error.${key}`, { max: MAX_LENGTH[field] })))
        : Promise.resolve();
    },
  });

  const submit = async () => {
    let v: ActionValues;
    try {
      await form.validateFields();
      v = form.getFieldsValue(true) as ActionValues;
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await api<CaseDetail | GoneAfterTransition>(`/api/cases/${c.id}/transitions`, {
        body: toTransitionBody(action, v, seenVersion),
      });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      onClose();
      if ('visible' in res && res.visible === false) {
        void message.info(t('work.form.gone'));
        navigate('/');
        return;
      }
      queryClient.setQueryData(caseKey(c.id), res);
      void message.success(t('work.form.done', { action: t(`work.action.${action}`) }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // someone else acted first (or the case moved on): show the case as it is now
        void message.warning(err.code === 'case.stale_version' ? t('common.staleVersion') : err.message);
        void queryClient.invalidateQueries({ queryKey: caseKey(c.id) });
        onClose();
      } else {
        setError(err instanceof ApiError ? err.message : t('common.networkError'));
      }
    } finally {
      setBusy(false);
    }
  };

  const control = (f: FieldName) => {
    switch (f) {
      case 'unitId':
        return <HandlingUnitPicker c={c} exclude={excluded} />;
      case 'departmentUnitIds':
        return <DepartmentPicker c={c} exclude={ctx.linkedUnitIds} />;
      case 'decision':
        return (
          <Radio.Group
            options={(['uphold', 'overrule'] as const).map((d) => ({
              value: d,
              label: t(`work.decision.${d}`),
            }))}
          />
        );
      case 'approved':
        return (
          <Radio.Group
            options={[
              { value: true, label: t('work.extension.approved') },
              { value: false, label: t('work.extension.denied') },
            ]}
          />
        );
      case 'outcome':
        return <Radio.Group options={OUTCOMES.map((o) => ({ value: o, label: t(`common.outcome.${o}`) }))} />;
      case 'satisfaction':
        return (
          <Radio.Group
            options={SATISFACTIONS.map((s) => ({ value: s, label: t(`common.satisfaction.${s}`) }))}
          />
        );
      case 'guidance':
        return (
          <Select options={GUIDANCE_CHANNELS.map((g) => ({ value: g, label: t(`common.guidance.${g}`) }))} />
        );
      case 'method':
        return (
          <Select
            allowClear
            options={HANDLE_METHODS.map((m) => ({ value: m, label: t(`work.method.${m}`) }))}
          />
        );
      case 'workingDays':
        return (
          <InputNumber min={WORKING_DAYS.min} max={WORKING_DAYS.max} precision={0} style={{ width: 160 }} />
        );
      default:
        return <Input.TextArea rows={TEXT_ROWS[f] ?? 2} maxLength={MAX_LENGTH[f]} showCount />;
    }
  };

  const label = (f: FieldName) => (f === 'unitId' ? t(`work.form.unit.${action}`) : t(`work.form.${f}`));

  return (
    <Modal
      open
      title={t(`work.action.${action}`)}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ danger: action === 'reject' || action === 'decline' || action === 'withdraw' }}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues(action, { suggestedUnitId })}
        onFinish={() => void submit()}
        data-testid={`action-form-${action}`}
      >
        {shown.map((f) => (
          <Form.Item key={f} name={f} label={label(f)} required={required.includes(f)} rules={[rule(f)]}>
            {control(f)}
          </Form.Item>
        ))}
        {c.version !== seenVersion && (
          <Alert
            type="warning"
            showIcon
            title={t('work.form.changed')}
            role="status"
            style={{ marginBottom: 8 }}
          />
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" />}
      </Form>
    </Modal>
  );
}
