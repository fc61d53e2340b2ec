// Small pieces the oversight pages and the case page cards share: status tags, the current time for
// lights, "load more", the error line, and the modal every oversight form opens in.
import { Alert, Button, Form, Modal, Space, Tag, Typography, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { orderStatusKey, taskStatusKey, type FormError } from './rules';
import type { ReportInTask, SupervisionOrder } from './types';

const TASK_COLOR = {
  open: 'processing',
  overdue: 'red',
  onTime: 'green',
  late: 'orange',
  missed: 'red',
  cancelled: 'default',
} as const;

export function TaskStatusTag({ task }: { task: Pick<ReportInTask, 'status' | 'overdue' | 'onTime'> }) {
  const { t } = useTranslation();
  const key = taskStatusKey(task);
  return (
    <Tag color={TASK_COLOR[key]} data-status={key}>
      {t(`oversight.taskStatus.${key}`)}
    </Tag>
  );
}

const ORDER_COLOR = { open: 'processing', overdue: 'red', escalated: 'volcano', answered: 'green' } as const;

export function OrderStatusTag({ order }: { order: Pick<SupervisionOrder, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  const key = orderStatusKey(order);
  return (
    <Tag color={ORDER_COLOR[key]} data-status={key}>
      {t(`oversight.orderStatus.${key}`)}
    </Tag>
  );
}

/** Now, moved on every minute so that lights turn without a reload. */
export function useNow(periodMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}

export function LoadMore({
  shown,
  hasNextPage,
  fetching,
  onMore,
}: {
  shown: number;
  hasNextPage: boolean;
  fetching: boolean;
  onMore: () => void;
}) {
  const { t } = useTranslation();
  if (shown === 0) return null;
  return (
    <Space style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">{t('oversight.shown', { count: shown })}</Typography.Text>
      {hasNextPage ? (
        <Button onClick={onMore} loading={fetching}>
          {t('common.more')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('oversight.end')}</Typography.Text>
      )}
    </Space>
  );
}

export function LoadError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={error.message}
      action={<Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}

/** An antd rule from one of rules.ts's checks of the whole form. */
export function ruleOf<V>(
  form: FormInstance<V>,
  check: (values: V) => FormError | null | undefined,
  message: (key: FormError) => string,
) {
  return {
    validator: () => {
      const key = check(form.getFieldsValue(true) as V);
      return key ? Promise.reject(new Error(message(key))) : Promise.resolve();
    },
  };
}

/**
 * A small form in a modal. `submit` sends it; an ApiError shows its (localized) message in the
 * form, unless `onRefused` takes it (a stale version, say) and returns true.
 */
export function FormModal<V extends object>({
  title,
  form,
  testId,
  initialValues,
  submit,
  onClose,
  onRefused,
  children,
}: {
  title: string;
  form: FormInstance<V>;
  testId: string;
  initialValues?: Partial<V>;
  submit: (values: V) => Promise<void>;
  onClose: () => void;
  onRefused?: (err: ApiError) => boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    let values: V;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as V;
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await submit(values);
      onClose();
    } catch (err) {
      if (err instanceof ApiError && onRefused?.(err)) onClose();
      else setError(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void send()}
      onCancel={onClose}
      destroyOnHidden
      width={520}
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={() => void send()}
        data-testid={testId}
      >
        {children}
        {error && <Alert type="error" showIcon title={error} role="alert" />}
      </Form>
    </Modal>
  );
}
