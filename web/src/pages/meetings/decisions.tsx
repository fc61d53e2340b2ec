// Meeting decisions in the console: the editor (a case from the report's lists or by number, the
// responsible unit, an optional attendee as the person, the due day and the text), the "done"
// form of the responsible unit, and the list the case page, the report and the task list share.
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { FormModal } from '../oversight/parts';
import { formatTime } from '../work/format';
import { UnitFilter } from '../work/UnitFilter';
import { MEETINGS_KEY, type Attendee, type Decision, type DecisionBody } from './meetings-api';

/** A case the editor offers: from the report's lists, with the unit that handles it. */
export interface CaseChoice {
  id: string;
  caseNo: string;
  title: string;
  unitId: string | null;
}

interface DecisionValues {
  caseId?: string;
  caseNo?: string;
  unitId?: string;
  assigneeId?: string;
  dueOn: Dayjs;
  text: string;
}

export function DecisionModal({
  meetingId,
  choices,
  attendees,
  initialCaseId,
  onClose,
}: {
  meetingId: string;
  choices: CaseChoice[];
  attendees: Attendee[];
  initialCaseId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DecisionValues>();
  const [caseId, setCaseId] = useState(initialCaseId);
  const required = [{ required: true, message: t('meetings.form.required') }];
  const initial = choices.find((c) => c.id === initialCaseId);
  return (
    <FormModal<DecisionValues>
      title={t('meetings.decision.title')}
      form={form}
      testId="decision-form"
      initialValues={{
        caseId: initialCaseId,
        unitId: initial?.unitId ?? undefined,
        dueOn: dayjs().add(7, 'day'),
      }}
      onClose={onClose}
      submit={async (v) => {
        const body: DecisionBody = {
          ...(v.caseId ? { caseId: v.caseId } : { caseNo: (v.caseNo ?? '').trim() }),
          unitId: v.unitId ?? '',
          ...(v.assigneeId ? { assigneeId: v.assigneeId } : {}),
          dueOn: v.dueOn.format('YYYY-MM-DD'),
          text: v.text,
        };
        await api<Decision>(`/api/meetings/${meetingId}/decisions`, { body });
        void message.success(t('meetings.decision.saved'));
        void queryClient.invalidateQueries({ queryKey: MEETINGS_KEY });
      }}
    >
      <Form.Item name="caseId" label={t('meetings.decision.case')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="decision-case"
          options={choices.map((c) => ({ value: c.id, label: `${c.caseNo} ${c.title}` }))}
          onChange={(id?: string) => {
            setCaseId(id);
            const c = choices.find((x) => x.id === id);
            if (c?.unitId) form.setFieldValue('unitId', c.unitId);
          }}
        />
      </Form.Item>
      {!caseId && (
        <Form.Item name="caseNo" label={t('meetings.decision.caseNo')} rules={required}>
          <Input maxLength={40} data-testid="decision-case-no" />
        </Form.Item>
      )}
      <Form.Item name="unitId" label={t('meetings.decision.unit')} rules={required}>
        <UnitFilter
          scopeCode={user.scopeCode}
          own={user.unitId && user.unitName ? { id: user.unitId, name: user.unitName } : null}
          value={form.getFieldValue('unitId') as string | undefined}
          onChange={(id) => form.setFieldValue('unitId', id)}
        />
      </Form.Item>
      <Form.Item name="assigneeId" label={t('meetings.decision.assignee')}>
        <Select
          allowClear
          options={attendees.filter((a) => a.userId).map((a) => ({ value: a.userId!, label: a.name }))}
        />
      </Form.Item>
      <Form.Item name="dueOn" label={t('meetings.decision.dueOn')} rules={required}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="text" label={t('meetings.decision.text')} rules={required}>
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="decision-text" />
      </Form.Item>
    </FormModal>
  );
}

export function DoneModal({ decision, onClose }: { decision: Decision; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  return (
    <FormModal<{ note: string }>
      title={t('meetings.decision.markDone')}
      form={form}
      testId="decision-done-form"
      onClose={onClose}
      submit={async (v) => {
        await api<Decision>(`/api/meeting-decisions/${decision.id}/done`, { body: { note: v.note } });
        void message.success(t('meetings.decision.doneSaved'));
        void queryClient.invalidateQueries({ queryKey: MEETINGS_KEY });
        void queryClient.invalidateQueries({ queryKey: ['case', decision.caseId] });
      }}
    >
      <Typography.Paragraph>{decision.text}</Typography.Paragraph>
      <Form.Item
        name="note"
        label={t('meetings.decision.doneNote')}
        rules={[{ required: true, whitespace: true, message: t('meetings.form.required') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
    </FormModal>
  );
}

export function DecisionStatus({ d }: { d: Decision }) {
  const { t } = useTranslation();
  if (d.status === 'done') return <Tag color="green">{t('meetings.decision.done')}</Tag>;
  return d.overdue ? (
    <Tag color="red">{t('meetings.decision.overdue')}</Tag>
  ) : (
    <Tag color="blue">{t('meetings.decision.open')}</Tag>
  );
}

/** Decisions as a list; the responsible unit's staff get the "done" button on open ones. */
export function DecisionList({ items, showCase = true }: { items: Decision[]; showCase?: boolean }) {
  const { t } = useTranslation();
  const user = useUser();
  const [done, setDone] = useState<Decision | null>(null);
  return (
    <>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('meetings.report.none') }}
        renderItem={(d) => (
          <List.Item
            key={d.id}
            data-testid="decision"
            actions={
              d.status === 'open' && d.unitId === user.unitId
                ? [
                    <Button key="done" size="small" onClick={() => setDone(d)} data-testid="decision-done">
                      {t('meetings.decision.markDone')}
                    </Button>,
                  ]
                : undefined
            }
          >
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <DecisionStatus d={d} />
                {showCase && <Link to={`/cases/${d.caseId}`}>{`${d.caseNo} ${d.caseTitle}`}</Link>}
              </Space>
              <Typography.Text>{d.text}</Typography.Text>
              <Typography.Text type="secondary">
                {t('meetings.decision.by', {
                  unit: d.assigneeName ? `${d.unitName}（${d.assigneeName}）` : d.unitName,
                  due: d.dueOn,
                })}
              </Typography.Text>
              {d.status === 'done' && (
                <Typography.Text type="secondary">
                  {t('meetings.decision.doneBy', {
                    name: d.doneByName ?? '—',
                    at: formatTime(d.doneAt),
                    note: d.doneNote ?? '',
                  })}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      {done && <DoneModal decision={done} onClose={() => setDone(null)} />}
    </>
  );
}
