// 工作例会: the meetings of the centers in the user's area, newest first; the center's dispatcher or
// leader holds a new one for a week (its Monday), with time, place and attendees.
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { meetingRoleMayEver } from '../../../../src/core/workflow/policy';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { useUser } from '../../auth/session';
import { FormModal, LoadError, LoadMore } from '../oversight/parts';
import { formatTime } from '../work/format';
import { MEETINGS_KEY, attendeesOf, lastMonday, mondayOf, type Meeting } from './meetings-api';

interface MeetingValues {
  weekStart: Dayjs;
  heldAt: Dayjs;
  place: string;
  attendees: string;
  notes?: string;
}

export function MeetingsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [creating, setCreating] = useState(false);
  const q = useInfiniteQuery({
    queryKey: [...MEETINGS_KEY, 'list'],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Meeting>>(`/api/meetings?limit=20${pageParam ? `&cursor=${pageParam}` : ''}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: ColumnsType<Meeting> = [
    {
      title: t('meetings.col.week'),
      dataIndex: 'weekStart',
      width: 130,
      render: (v: string, m) => (
        <Link to={`/meetings/${m.id}`} data-testid="meeting-link">
          {v}
        </Link>
      ),
    },
    {
      title: t('meetings.col.heldAt'),
      dataIndex: 'heldAt',
      width: 160,
      render: (v: string) => formatTime(v),
    },
    { title: t('meetings.col.center'), key: 'center', render: (_: unknown, m) => m.unitName ?? m.regionName },
    { title: t('meetings.col.place'), dataIndex: 'place', ellipsis: true },
    { title: t('meetings.col.decisions'), dataIndex: 'decisions', width: 90 },
  ];
  return (
    <>
      <Typography.Title level={3}>{t('meetings.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('meetings.hint')}</Typography.Paragraph>
      {meetingRoleMayEver(user.role, 'hold_meeting') && (
        <Button
          type="primary"
          style={{ marginBottom: 12 }}
          onClick={() => setCreating(true)}
          data-testid="meeting-new"
        >
          {t('meetings.new')}
        </Button>
      )}
      {q.error ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <section aria-label={t('meetings.title')}>
          <Table<Meeting>
            rowKey="id"
            size="middle"
            loading={q.isLoading}
            dataSource={items}
            columns={columns}
            pagination={false}
            locale={{ emptyText: t('meetings.empty') }}
            data-testid="meetings-table"
          />
          <LoadMore
            shown={items.length}
            hasNextPage={q.hasNextPage}
            fetching={q.isFetchingNextPage}
            onMore={() => void q.fetchNextPage()}
          />
        </section>
      )}
      {creating && <NewMeetingModal onClose={() => setCreating(false)} />}
    </>
  );
}

function NewMeetingModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MeetingValues>();
  const today = dayjs().format('YYYY-MM-DD');
  const required = [{ required: true, message: t('meetings.form.required') }];
  return (
    <FormModal<MeetingValues>
      title={t('meetings.new')}
      form={form}
      testId="meeting-form"
      initialValues={{ weekStart: dayjs(lastMonday(today)), heldAt: dayjs() }}
      onClose={onClose}
      submit={async (v) => {
        const m = await api<Meeting>('/api/meetings', {
          body: {
            weekStart: mondayOf(v.weekStart.format('YYYY-MM-DD')),
            heldAt: v.heldAt.toISOString(),
            place: v.place,
            attendees: attendeesOf(v.attendees ?? ''),
            ...(v.notes?.trim() ? { notes: v.notes } : {}),
          },
        });
        void message.success(t('meetings.created'));
        void queryClient.invalidateQueries({ queryKey: MEETINGS_KEY });
        void navigate(`/meetings/${m.id}`);
      }}
    >
      <Form.Item name="weekStart" label={t('meetings.form.weekStart')} rules={required}>
        <DatePicker picker="week" />
      </Form.Item>
      <Form.Item name="heldAt" label={t('meetings.form.heldAt')} rules={required}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name="place" label={t('meetings.form.place')} rules={required}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="attendees" label={t('meetings.form.attendees')} rules={required}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item name="notes" label={t('meetings.form.notes')}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
    </FormModal>
  );
}
