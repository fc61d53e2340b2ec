// 今日值班: who is on duty at the center on a day — the permanent departments (working days), the
// rotation, the on-call contacts — with a call button for the window and the calls of the week.
import { PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  List,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { FormModal, LoadError } from '../oversight/parts';
import { formatTime } from '../work/format';
import type { Unit } from '../work/types';
import { mayAtCenter, type Board, type Call } from './stationing-api';

const CALL_COLOR = { open: 'processing', acknowledged: 'blue', arrived: 'green', missed: 'red' } as const;

export function BoardTab({ center }: { center: Unit }) {
  const { t } = useTranslation();
  const user = useUser();
  const [day, setDay] = useState<Dayjs>(() => dayjs());
  const date = day.format('YYYY-MM-DD');
  const q = useQuery({
    queryKey: ['stationing', center.id, 'board', date],
    queryFn: ({ signal }) => api<Board>(`/api/centers/${center.id}/on-duty?date=${date}`, { signal }),
  });
  const calls = useQuery({
    queryKey: ['stationing', center.id, 'calls'],
    queryFn: ({ signal }) => api<Call[]>(`/api/centers/${center.id}/on-call-calls`, { signal }),
    refetchInterval: 30_000,
  });
  const [calling, setCalling] = useState<{ unitId: string; name: string } | null>(null);
  const mayCall = mayAtCenter(user, center, 'call');
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const b = q.data;
  const none = <Typography.Text type="secondary">{t('stationing.board.none')}</Typography.Text>;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker
          aria-label={t('stationing.board.date')}
          value={day}
          allowClear={false}
          onChange={(d) => d && setDay(d)}
        />
        {b && (
          <Tag color={b.workingDay ? 'green' : 'default'}>
            {b.workingDay ? t('stationing.board.workingDay') : t('stationing.board.dayOff')}
          </Tag>
        )}
      </Space>
      <Row gutter={16} data-testid="duty-board">
        <Col xs={24} md={8}>
          <Card size="small" title={t('stationing.board.permanent')} loading={q.isLoading}>
            {b &&
              (b.workingDay && b.permanent.length
                ? b.permanent.map((u) => <div key={u.unitId}>{u.name}</div>)
                : none)}
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t('stationing.board.rotation')} loading={q.isLoading}>
            {b &&
              (b.rotation.some((r) => r.units.length)
                ? b.rotation.map((r) => (
                    <div key={r.rosterId} data-testid="rotation-on-duty">
                      <Typography.Text type="secondary">{r.rosterName}：</Typography.Text>
                      {r.units.map((u) => u.name).join('、') || t('stationing.roster.nobody')}
                      {r.overridden && (
                        <Tag color="orange" style={{ marginLeft: 4 }}>
                          {t('stationing.roster.overridden')}
                        </Tag>
                      )}
                    </div>
                  ))
                : none)}
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t('stationing.board.onCall')} loading={q.isLoading}>
            <List
              size="small"
              dataSource={b?.onCall ?? []}
              locale={{ emptyText: t('stationing.board.none') }}
              renderItem={(u) => (
                <List.Item
                  actions={
                    mayCall
                      ? [
                          <Button
                            key="call"
                            size="small"
                            icon={<PhoneOutlined />}
                            onClick={() => setCalling(u)}
                          >
                            {t('stationing.board.call')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={u.name}
                    description={`${u.contactName} ${u.phoneMasked} · ${t('stationing.dept.minutes', { n: u.responseMinutes })}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('stationing.board.calls')}
      </Typography.Title>
      <Table<Call>
        rowKey="id"
        size="small"
        pagination={false}
        loading={calls.isLoading}
        dataSource={calls.data ?? []}
        columns={[
          { title: t('stationing.dept.name'), dataIndex: 'unitName' },
          {
            title: t('stationing.board.calledAt'),
            dataIndex: 'calledAt',
            width: 150,
            render: (v: string) => formatTime(v),
          },
          {
            title: t('stationing.board.dueAt'),
            dataIndex: 'dueAt',
            width: 150,
            render: (v: string) => formatTime(v),
          },
          {
            title: t('stationing.board.status'),
            dataIndex: 'status',
            width: 120,
            render: (v: Call['status']) => (
              <Tag color={CALL_COLOR[v]}>{t(`stationing.board.callStatus.${v}`)}</Tag>
            ),
          },
        ]}
      />
      {calling && (
        <CallModal
          center={center}
          unit={calling}
          onClose={() => setCalling(null)}
          onSaved={() => void calls.refetch()}
        />
      )}
    </>
  );
}

function CallModal({
  center,
  unit,
  onClose,
  onSaved,
}: {
  center: Unit;
  unit: { unitId: string; name: string };
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  return (
    <FormModal<{ note?: string }>
      title={`${t('stationing.board.call')} · ${unit.name}`}
      form={form}
      testId="call-form"
      submit={async (v) => {
        await api(`/api/centers/${center.id}/on-call-calls`, {
          body: { unitId: unit.unitId, ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
        });
        void message.success(t('stationing.saved'));
        onSaved();
      }}
      onClose={onClose}
    >
      <Form.Item name="note" label={t('stationing.board.note')}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
