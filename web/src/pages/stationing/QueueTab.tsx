// 窗口叫号: today's queue numbers of the center for walk-in residents. The window hands out a number
// (for a stationed department, or any), calls the next one, and serves or skips it; the big screen
// shows the number to come to the window now and those still waiting. It refreshes itself.
import { SoundOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useUser } from '../../auth/session';
import { LoadError } from '../oversight/parts';
import type { Unit } from '../work/types';
import { mayAtCenter, windowScreen, type Department, type Ticket } from './stationing-api';

const STATUS_COLOR = {
  waiting: 'default',
  called: 'processing',
  served: 'green',
  skipped: 'orange',
} as const;

export function QueueTab({ center }: { center: Unit }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const window = mayAtCenter(user, center, 'queue');
  const q = useQuery({
    queryKey: ['stationing', center.id, 'queue'],
    queryFn: ({ signal }) =>
      api<{ day: string; tickets: Ticket[] }>(`/api/centers/${center.id}/queue`, { signal }),
    refetchInterval: 5_000,
  });
  const departments = useQuery({
    queryKey: ['stationing', center.id, 'departments'],
    queryFn: ({ signal }) =>
      api<{ items: Department[] }>(`/api/centers/${center.id}/departments`, { signal }),
    enabled: window,
  });
  const [dept, setDept] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const act = async (url: string, body?: unknown, say?: 'number' | 'toWindow') => {
    setBusy(true);
    try {
      const out = await api<{ number?: number }>(url, { method: 'POST', body: body ?? {} });
      if (say && out?.number) void message.success(t(`stationing.queue.${say}`, { n: out.number }));
      await q.refetch();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const tickets = q.data?.tickets ?? [];
  const screen = windowScreen(tickets);
  const current = screen.now[0];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Card
            size="small"
            title={
              <Space>
                <SoundOutlined />
                {t('stationing.queue.screen')}
              </Space>
            }
            data-testid="queue-screen"
            styles={{ body: { background: '#0b3d2e', color: '#fff', textAlign: 'center', minHeight: 220 } }}
          >
            <div style={{ fontSize: 16, opacity: 0.8 }}>{t('stationing.queue.now')}</div>
            <div style={{ fontSize: 96, fontWeight: 700, lineHeight: 1.1 }} data-testid="queue-now">
              {current ? current.number : '—'}
            </div>
            {current && (
              <div style={{ fontSize: 18 }}>
                {t('stationing.queue.toWindow', { n: current.number })}
                {current.unitName ? ` · ${current.unitName}` : ''}
              </div>
            )}
            <div style={{ marginTop: 12, fontSize: 16 }}>
              {t('stationing.queue.waiting')}：{screen.waiting.map((x) => x.number).join('  ') || '—'}
            </div>
          </Card>
        </Col>
        <Col xs={24} md={14}>
          {window && (
            <Space wrap style={{ marginBottom: 12 }}>
              <Select
                allowClear
                aria-label={t('stationing.queue.forDept')}
                placeholder={t('stationing.queue.forDept')}
                style={{ width: 260 }}
                value={dept}
                onChange={setDept}
                options={(departments.data?.items ?? [])
                  .filter((d) => d.stationing !== 'on_call')
                  .map((d) => ({ value: d.unitId, label: d.name }))}
              />
              <Button
                loading={busy}
                onClick={() =>
                  void act(`/api/centers/${center.id}/queue`, dept ? { unitId: dept } : {}, 'number')
                }
              >
                {t('stationing.queue.take')}
              </Button>
              <Button
                type="primary"
                loading={busy}
                onClick={() =>
                  void act(
                    `/api/centers/${center.id}/queue/call-next`,
                    dept ? { unitId: dept } : {},
                    'toWindow',
                  )
                }
              >
                {t('stationing.queue.callNext')}
              </Button>
            </Space>
          )}
          {tickets.length === 0 ? (
            <Empty description={t('stationing.queue.empty')} />
          ) : (
            <Table<Ticket>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={[...tickets].sort((a, b) => a.number - b.number)}
              data-testid="queue-tickets"
              columns={[
                { title: '#', dataIndex: 'number', width: 60 },
                {
                  title: t('stationing.dept.name'),
                  dataIndex: 'unitName',
                  render: (v: string | null) => v ?? '—',
                },
                {
                  title: t('stationing.board.status'),
                  dataIndex: 'status',
                  width: 100,
                  render: (v: Ticket['status']) => (
                    <Tag color={STATUS_COLOR[v]}>{t(`stationing.queue.status.${v}`)}</Tag>
                  ),
                },
                ...(window
                  ? [
                      {
                        key: 'act',
                        width: 180,
                        render: (_: unknown, x: Ticket) => (
                          <Space size={4}>
                            {x.status === 'called' && (
                              <>
                                <Button
                                  size="small"
                                  onClick={() => void act(`/api/queue-tickets/${x.id}/serve`)}
                                >
                                  {t('stationing.queue.serve')}
                                </Button>
                                <Button
                                  size="small"
                                  onClick={() => void act(`/api/queue-tickets/${x.id}/skip`)}
                                >
                                  {t('stationing.queue.skip')}
                                </Button>
                              </>
                            )}
                            {x.status === 'skipped' && (
                              <Button
                                size="small"
                                onClick={() => void act(`/api/queue-tickets/${x.id}/recall`)}
                              >
                                {t('stationing.queue.recall')}
                              </Button>
                            )}
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
          <Typography.Text type="secondary">{q.data?.day}</Typography.Text>
        </Col>
      </Row>
    </>
  );
}
