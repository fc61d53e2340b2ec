// The oversight forms, each a small modal: issue a supervision order (督办), answer one, write an
// instruction (批示), rate a summoned department's response. rules.ts checks; the server decides.
import { App, Form, Input, InputNumber, Rate } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal, ruleOf } from './parts';
import { addInstruction, answerOrder, issueOrder, rateResponse } from './queries';
import {
  ORDER_DAYS,
  TEXT_MAX,
  orderErrors,
  ratingErrors,
  textError,
  toOrderBody,
  toRatingBody,
  type FormError,
  type OrderValues,
  type RatingValues,
} from './rules';
import type { ReportInTask, SupervisionOrder } from './types';

function useErrorText() {
  const { t } = useTranslation();
  return (max: number) => (key: FormError) => t(`oversight.form.error.${key}`, { min: ORDER_DAYS.min, max });
}

export function IssueOrderModal({
  caseId,
  onDone,
  onClose,
}: {
  caseId: string;
  onDone: (o: SupervisionOrder) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrderValues>();
  const errorText = useErrorText();
  return (
    <FormModal<OrderValues>
      title={t('oversight.order.issue')}
      form={form}
      testId="issue-order-form"
      initialValues={{ dueWorkingDays: ORDER_DAYS.initial }}
      onClose={onClose}
      submit={async (v) => {
        const order = await issueOrder(caseId, toOrderBody(v));
        void message.success(t('oversight.order.issued'));
        onDone(order);
      }}
    >
      <Form.Item
        name="instructions"
        label={t('oversight.order.instructions')}
        required
        rules={[ruleOf(form, (v) => orderErrors(v).instructions, errorText(TEXT_MAX.instructions))]}
      >
        <Input.TextArea rows={4} maxLength={TEXT_MAX.instructions} showCount />
      </Form.Item>
      <Form.Item
        name="dueWorkingDays"
        label={t('oversight.order.dueWorkingDays')}
        extra={t('oversight.order.dueHint', { max: ORDER_DAYS.max })}
        required
        rules={[ruleOf(form, (v) => orderErrors(v).dueWorkingDays, errorText(ORDER_DAYS.max))]}
      >
        <InputNumber min={ORDER_DAYS.min} max={ORDER_DAYS.max} precision={0} style={{ width: 160 }} />
      </Form.Item>
    </FormModal>
  );
}

export function AnswerModal({
  order,
  onDone,
  onClose,
}: {
  order: SupervisionOrder;
  onDone: (o: SupervisionOrder) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ answer?: string }>();
  const errorText = useErrorText();
  return (
    <FormModal<{ answer?: string }>
      title={t('oversight.order.answerTitle', { caseNo: order.caseNo })}
      form={form}
      testId="answer-order-form"
      onClose={onClose}
      submit={async (v) => {
        const answered = await answerOrder(order.id, (v.answer ?? '').trim());
        void message.success(t('oversight.order.answered'));
        onDone(answered);
      }}
    >
      <Form.Item label={t('oversight.order.instructions')}>
        <div style={{ whiteSpace: 'pre-wrap' }}>{order.instructions}</div>
      </Form.Item>
      <Form.Item
        name="answer"
        label={t('oversight.order.answer')}
        required
        rules={[ruleOf(form, (v) => textError(v.answer, TEXT_MAX.answer), errorText(TEXT_MAX.answer))]}
      >
        <Input.TextArea rows={4} maxLength={TEXT_MAX.answer} showCount />
      </Form.Item>
    </FormModal>
  );
}

export function InstructionModal({
  caseId,
  onDone,
  onClose,
}: {
  caseId: string;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const errorText = useErrorText();
  return (
    <FormModal<{ text?: string }>
      title={t('oversight.instruction.add')}
      form={form}
      testId="instruction-form"
      onClose={onClose}
      submit={async (v) => {
        await addInstruction(caseId, (v.text ?? '').trim());
        void message.success(t('oversight.instruction.added'));
        onDone();
      }}
    >
      <Form.Item
        name="text"
        label={t('oversight.instruction.text')}
        required
        rules={[
          ruleOf(form, (v) => textError(v.text, TEXT_MAX.instruction), errorText(TEXT_MAX.instruction)),
        ]}
      >
        <Input.TextArea rows={4} maxLength={TEXT_MAX.instruction} showCount />
      </Form.Item>
    </FormModal>
  );
}

export function RatingModal({
  caseId,
  version,
  task,
  onDone,
  onStale,
  onClose,
}: {
  caseId: string;
  version: number;
  task: ReportInTask;
  onDone: () => void;
  /** someone acted on the case first: reload it */
  onStale: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RatingValues>();
  const errorText = useErrorText();
  return (
    <FormModal<RatingValues>
      title={t('oversight.rating.title', { unit: task.unitName })}
      form={form}
      testId="rating-form"
      onClose={onClose}
      submit={async (v) => {
        await rateResponse(caseId, task.unitId, toRatingBody(v, version));
        void message.success(t('oversight.rating.done'));
        onDone();
      }}
      onRefused={(err) => {
        if (err.status !== 409 || err.code !== 'case.stale_version') return false;
        void message.warning(t('common.staleVersion'));
        onStale();
        return true;
      }}
    >
      <Form.Item
        name="stars"
        label={t('oversight.rating.stars')}
        required
        rules={[ruleOf(form, (v) => ratingErrors(v).stars, errorText(5))]}
      >
        <Rate aria-label={t('oversight.rating.stars')} />
      </Form.Item>
      <Form.Item
        name="comment"
        label={t('oversight.rating.comment')}
        rules={[ruleOf(form, (v) => ratingErrors(v).comment, errorText(TEXT_MAX.comment))]}
      >
        <Input.TextArea rows={3} maxLength={TEXT_MAX.comment} showCount />
      </Form.Item>
    </FormModal>
  );
}
