// 预约: residents booked with a stationed department on a day it is on duty at the center (the
// roster decides for the rotating ones); the window books, names and phones show masked.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Select, Space, Table, Tag, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { FormModal, LoadError } from '../oversight/parts';
import type { Unit } from '../work/types';
import { mayAtCenter, type Appointment, type Board } from './stationing-api';

export function AppointmentsTab({ center }: { center: Unit }) {
  const { t } = useTranslation();
  const user = useUser();
  const [day, setDay] = useState<Dayjs>(() => dayjs());
  const date = day.format('YYYY-MM-DD');
  const q = useQuery({
    queryKey: ['stationing', center.id, 'appointments', date],
    queryFn: ({ signal }) =>
      api<Appointment[]>(`/api/centers/${center.id}/appointments?date=${date}`, { signal }),
  });
  const [booking, setBooking] = useState(false);
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker
          aria-label={t('stationing.appointment.day')}
          value={day}
          allowClear={false}
          onChange={(d) => d && setDay(d)}
        />
        {mayAtCenter(user, center, 'queue') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setBooking(true)}>
            {t('stationing.appointment.book')}
          </Button>
        )}
      </Space>
      <Table<Appointment>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        pagination={false}
        dataSource={q.data ?? []}
        locale={{ emptyText: t('stationing.appointment.none') }}
        data-testid="appointments"
        columns={[
          { title: t('stationing.appointment.time'), dataIndex: 'time', width: 80 },
          { title: t('stationing.appointment.dept'), dataIndex: 'unitName' },
          { title: t('stationing.appointment.resident'), dataIndex: 'residentName', width: 100 },
          { title: t('stationing.appointment.phone'), dataIndex: 'phoneMasked', width: 130 },
          {
            title: t('stationing.appointment.topic'),
            dataIndex: 'topic',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('stationing.board.status'),
            dataIndex: 'status',
            width: 90,
            render: (v: Appointment['status']) => <Tag>{t(`stationing.appointment.status.${v}`)}</Tag>,
          },
        ]}
      />
      {booking && (
        <BookModal
          center={center}
          day={day}
          onClose={() => setBooking(false)}
          onSaved={() => void q.refetch()}
        />
      )}
    </>
  );
}

interface BookForm {
  day: Dayjs;
  unitId: string;
  time: Dayjs;
  residentName: string;
  phone: string;
  topic?: string;
}

function BookModal({
  center,
  day,
  onClose,
  onSaved,
}: {
  center: Unit;
  day: Dayjs;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<BookForm>();
  const picked: Dayjs | undefined = Form.useWatch('day', form);
  const date = (picked ?? day).format('YYYY-MM-DD');
  // the departments on duty that day: the board decides (permanent on working days, the rotation)
  const board = useQuery({
    queryKey: ['stationing', center.id, 'board', date],
    queryFn: ({ signal }) => api<Board>(`/api/centers/${center.id}/on-duty?date=${date}`, { signal }),
  });
  const onDuty = board.data
    ? [...(board.data.workingDay ? board.data.permanent : []), ...board.data.rotation.flatMap((r) => r.units)]
    : [];
  const required = [{ required: true, message: t('stationing.required') }];
  return (
    <FormModal<BookForm>
      title={t('stationing.appointment.book')}
      form={form}
      testId="appointment-form"
      initialValues={{ day }}
      submit={async (v) => {
        await api(`/api/centers/${center.id}/appointments`, {
          body: {
            unitId: v.unitId,
            day: v.day.format('YYYY-MM-DD'),
            time: v.time.format('HH:mm'),
            residentName: v.residentName.trim(),
            phone: v.phone.trim(),
            ...(v.topic?.trim() ? { topic: v.topic.trim() } : {}),
          },
        });
        void message.success(t('stationing.saved'));
        onSaved();
      }}
      onClose={onClose}
    >
      <Form.Item name="day" label={t('stationing.appointment.day')} rules={required}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="unitId" label={t('stationing.appointment.dept')} rules={required}>
        <Select loading={board.isLoading} options={onDuty.map((u) => ({ value: u.unitId, label: u.name }))} />
      </Form.Item>
      <Form.Item name="time" label={t('stationing.appointment.time')} rules={required}>
        <TimePicker format="HH:mm" minuteStep={15} />
      </Form.Item>
      <Form.Item name="residentName" label={t('stationing.appointment.resident')} rules={required}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="phone" label={t('stationing.appointment.phone')} rules={required}>
        <Input maxLength={20} />
      </Form.Item>
      <Form.Item name="topic" label={t('stationing.appointment.topic')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}
