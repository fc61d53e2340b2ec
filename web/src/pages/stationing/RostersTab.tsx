// The roster editor (轮驻排班): each rotation roster of the center with a two-week calendar of who
// is on duty which day (days off grey, swapped days marked); the center's dispatcher (or the system
// administrator) adds and edits rosters and swaps a day (调班).
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { FormModal, LoadError } from '../oversight/parts';
import type { Unit } from '../work/types';
import {
  addDays,
  mayAtCenter,
  mondayOf,
  slotsOf,
  type Department,
  type Roster,
  type ScheduleDay,
} from './stationing-api';

const DAYS = 14;

export function RostersTab({ center }: { center: Unit }) {
  const { t } = useTranslation();
  const user = useUser();
  const configure = mayAtCenter(user, center, 'configure');
  const q = useQuery({
    queryKey: ['stationing', center.id, 'rosters'],
    queryFn: ({ signal }) => api<{ items: Roster[] }>(`/api/centers/${center.id}/rosters`, { signal }),
  });
  const departments = useQuery({
    queryKey: ['stationing', center.id, 'departments'],
    queryFn: ({ signal }) =>
      api<{ items: Department[] }>(`/api/centers/${center.id}/departments`, { signal }),
  });
  const [from, setFrom] = useState(() => mondayOf(dayjs().format('YYYY-MM-DD')));
  const [editing, setEditing] = useState<null | 'new' | Roster>(null);
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const options = (departments.data?.items ?? []).map((d) => ({ value: d.unitId, label: d.name }));
  const rosters = q.data?.items ?? [];
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<LeftOutlined />} onClick={() => setFrom(addDays(from, -DAYS))}>
          {t('stationing.roster.prev')}
        </Button>
        <Typography.Text>
          {t('stationing.roster.from')} {from}
        </Typography.Text>
        <Button onClick={() => setFrom(addDays(from, DAYS))}>
          {t('stationing.roster.next')} <RightOutlined />
        </Button>
        {configure && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('stationing.roster.add')}
          </Button>
        )}
      </Space>
      {!q.isLoading && rosters.length === 0 && <Empty description={t('stationing.roster.none')} />}
      {rosters.map((r) => (
        <RosterCalendar
          key={r.id}
          roster={r}
          from={from}
          configure={configure}
          options={options}
          onEdit={() => setEditing(r)}
        />
      ))}
      {editing && (
        <RosterModal
          center={center}
          roster={editing === 'new' ? null : editing}
          options={options}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function RosterCalendar({
  roster,
  from,
  configure,
  options,
  onEdit,
}: {
  roster: Roster;
  from: string;
  configure: boolean;
  options: { value: string; label: string }[];
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const key = ['stationing', 'schedule', roster.id, from];
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      api<{ days: ScheduleDay[] }>(`/api/rosters/${roster.id}/schedule?from=${from}&days=${DAYS}`, {
        signal,
      }),
  });
  const [swap, setSwap] = useState<ScheduleDay | null>(null);
  const weekdays = t('stationing.roster.weekday', { returnObjects: true }) as string[];
  return (
    <Card
      size="small"
      title={
        <Space>
          {roster.name}
          <Tag>{t(`stationing.roster.kinds.${roster.kind}`)}</Tag>
        </Space>
      }
      extra={
        configure && (
          <Button size="small" onClick={onEdit}>
            {t('stationing.roster.edit')}
          </Button>
        )
      }
      style={{ marginBottom: 12 }}
      data-testid="roster"
      data-roster={roster.name}
    >
      {q.error && <LoadError error={q.error} onRetry={() => void q.refetch()} />}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 6 }}>
        {(q.data?.days ?? []).map((d, i) => (
          <div
            key={d.date}
            data-testid="roster-day"
            data-date={d.date}
            style={{
              border: '1px solid #f0f0f0',
              borderRadius: 6,
              padding: 6,
              minHeight: 74,
              background: d.workingDay ? undefined : '#fafafa',
            }}
          >
            <Space size={4} style={{ display: 'flex', justifyContent: 'space-between' }}>
              <Typography.Text type={d.workingDay ? undefined : 'secondary'} style={{ fontSize: 12 }}>
                {weekdays[i % 7]} {d.date.slice(5)}
              </Typography.Text>
              {d.overridden && <Tag color="orange">{t('stationing.roster.overridden')}</Tag>}
            </Space>
            <div style={{ fontSize: 12 }}>
              {d.units.length ? (
                d.units.map((u) => <div key={u.unitId}>{u.name}</div>)
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.workingDay ? t('stationing.roster.nobody') : t('stationing.roster.dayOff')}
                </Typography.Text>
              )}
            </div>
            {configure && (
              <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setSwap(d)}>
                {t('stationing.roster.override')}
              </Button>
            )}
          </div>
        ))}
      </div>
      {swap && (
        <SwapModal
          roster={roster}
          day={swap}
          options={options}
          onClose={() => setSwap(null)}
          onSaved={() => void q.refetch()}
        />
      )}
    </Card>
  );
}

function SwapModal({
  roster,
  day,
  options,
  onClose,
  onSaved,
}: {
  roster: Roster;
  day: ScheduleDay;
  options: { value: string; label: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ unitIds: string[] }>();
  return (
    <FormModal<{ unitIds: string[] }>
      title={t('stationing.roster.overrideTitle', { day: day.date })}
      form={form}
      testId="swap-form"
      initialValues={{ unitIds: day.units.map((u) => u.unitId) }}
      submit={async (v) => {
        await api(`/api/rosters/${roster.id}/overrides/${day.date}`, {
          method: 'PUT',
          body: { unitIds: v.unitIds ?? [] },
        });
        void message.success(t('stationing.saved'));
        onSaved();
      }}
      onClose={onClose}
    >
      <Form.Item name="unitIds" label={t('stationing.dept.name')}>
        <Select mode="multiple" options={options} optionFilterProp="label" />
      </Form.Item>
    </FormModal>
  );
}

interface RosterForm {
  name: string;
  kind: 'cycle' | 'weekly';
  anchorDay: Dayjs;
  slots: (string[] | undefined)[];
}

function RosterModal({
  center,
  roster,
  options,
  onClose,
}: {
  center: Unit;
  roster: Roster | null;
  options: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RosterForm>();
  const kind = Form.useWatch('kind', form) ?? roster?.kind ?? 'cycle';
  const weekdays = t('stationing.roster.weekday', { returnObjects: true }) as string[];
  const required = [{ required: true, message: t('stationing.required') }];
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['stationing'] });
  return (
    <FormModal<RosterForm>
      title={roster ? t('stationing.roster.edit') : t('stationing.roster.add')}
      form={form}
      testId="roster-form"
      initialValues={{
        name: roster?.name ?? '',
        kind: roster?.kind ?? 'cycle',
        anchorDay: dayjs(roster?.anchorDay ?? mondayOf(dayjs().format('YYYY-MM-DD'))),
        slots: roster?.slots.map((s) => s.map((u) => u.unitId)) ?? [[]],
      }}
      submit={async (v) => {
        const body = {
          name: v.name.trim(),
          kind: v.kind,
          anchorDay: v.anchorDay.format('YYYY-MM-DD'),
          slots: slotsOf(v.kind, v.slots ?? []),
        };
        if (roster)
          await api(`/api/rosters/${roster.id}`, { method: 'PUT', body: { ...body, active: true } });
        else await api(`/api/centers/${center.id}/rosters`, { body });
        void message.success(t('stationing.saved'));
        refresh();
      }}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('stationing.roster.name')} rules={required}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="kind" label={t('stationing.roster.kind')}>
        <Radio.Group
          options={(['cycle', 'weekly'] as const).map((k) => ({
            value: k,
            label: t(`stationing.roster.kinds.${k}`),
          }))}
          onChange={(e) => {
            if (e.target.value === 'weekly') {
              const slots = (form.getFieldValue('slots') as (string[] | undefined)[]) ?? [];
              form.setFieldValue('slots', slotsOf('weekly', slots));
            }
          }}
        />
      </Form.Item>
      {kind === 'cycle' && (
        <Form.Item name="anchorDay" label={t('stationing.roster.anchorDay')} rules={required}>
          <DatePicker />
        </Form.Item>
      )}
      <Typography.Text strong>{t('stationing.roster.slots')}</Typography.Text>
      <Form.List name="slots">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="start" style={{ display: 'flex' }}>
                <Form.Item
                  name={f.name}
                  label={kind === 'weekly' ? weekdays[i] : t('stationing.roster.slot', { n: i + 1 })}
                  style={{ minWidth: 360, marginBottom: 8 }}
                >
                  <Select mode="multiple" options={options} optionFilterProp="label" />
                </Form.Item>
                {kind === 'cycle' && fields.length > 1 && <Button onClick={() => remove(f.name)}>−</Button>}
              </Space>
            ))}
            {kind === 'cycle' && (
              <Button icon={<PlusOutlined />} onClick={() => add([])} block style={{ marginBottom: 12 }}>
                {t('stationing.roster.addSlot')}
              </Button>
            )}
          </>
        )}
      </Form.List>
      {roster && (
        <Button
          danger
          onClick={() =>
            void api(`/api/rosters/${roster.id}`, {
              method: 'PUT',
              body: {
                name: roster.name,
                kind: roster.kind,
                anchorDay: roster.anchorDay,
                slots: roster.slots.map((s) => s.map((u) => u.unitId)),
                active: false,
              },
            }).then(() => {
              refresh();
              onClose();
            })
          }
          style={{ marginBottom: 12 }}
        >
          {t('stationing.roster.deactivate')}
        </Button>
      )}
    </FormModal>
  );
}
