// One warning: why it was raised (the words and rules, the statistic), the facts and the cases
// behind it (links to those the user may read), its trail, and — for the level it is routed to —
// acknowledge (签收) and handle (处置, with a note of what was done).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { StateTag, RiskTag } from '../work/tags';
import { formatTime } from '../work/format';
import { SEVERITY_COLOR, STATUS_COLOR, WARNINGS_KEY, useCategoryName } from './shared';
import { reasonText, type WarningDetail } from './rules';

const NOTE_MAX = 1000;

export function WarningDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const catName = useCategoryName();
  const client = useQueryClient();
  const [handling, setHandling] = useState(false);
  const [form] = Form.useForm<{ note: string }>();
  const q = useQuery({
    queryKey: [...WARNINGS_KEY, 'detail', id],
    queryFn: ({ signal }) => api<WarningDetail>(`/api/warnings/${id}`, { signal }),
  });
  const after = () => void client.invalidateQueries({ queryKey: [...WARNINGS_KEY] });
  const acknowledge = useMutation({
    mutationFn: () => api(`/api/warnings/${id}/acknowledge`, { body: {} }),
    onSuccess: () => {
      message.success(t('warnings.detail.acknowledged'));
      after();
    },
  });
  const handle = useMutation({
    mutationFn: (note: string) => api(`/api/warnings/${id}/handle`, { body: { note } }),
    onSuccess: () => {
      message.success(t('warnings.detail.handled'));
      setHandling(false);
      form.resetFields();
      after();
    },
  });
  const w = q.data;
  const error = acknowledge.error ?? null;

  const evidenceLines = (): string[] => {
    if (!w) return [];
    const e = w.evidence as { history?: number[]; current?: number; channels?: string[] };
    const lines: string[] = [];
    if (w.kind === 'spike' && Array.isArray(e.history)) {
      lines.push(t('warnings.detail.spikeWeeks', { history: e.history.join('、'), current: e.current }));
    }
    if (Array.isArray(e.channels)) {
      lines.push(
        t('warnings.detail.channels', {
          channels: e.channels.map((c) => t(`common.channel.${c}`)).join('、'),
        }),
      );
    }
    return lines;
  };

  return (
    <Drawer
      open
      width={720}
      onClose={onClose}
      title={t('warnings.detail.title')}
      data-testid="warning-drawer"
    >
      {q.isLoading || !w ? (
        q.error ? (
          <Alert type="error" showIcon title={q.error.message} />
        ) : (
          <Spin />
        )
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Tag>{t(`warnings.kind.${w.kind}`)}</Tag>
            <Tag color={SEVERITY_COLOR[w.severity]}>{t(`warnings.severity.${w.severity}`)}</Tag>
            <Tag color={STATUS_COLOR[w.status]} data-testid="warning-status">
              {t(`warnings.status.${w.status}`)}
            </Tag>
            {w.categoryCode && <Tag>{catName(w.categoryCode)}</Tag>}
          </Space>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('warnings.page.col.place')}>
              {w.regionName ?? w.regionCode}
            </Descriptions.Item>
            <Descriptions.Item label={t('warnings.page.col.level')}>
              {t('warnings.detail.routedTo', { unit: w.unitName ?? '—', level: w.levelCode })}
            </Descriptions.Item>
            <Descriptions.Item label={t('warnings.page.col.raised')}>
              {formatTime(w.raisedAt)} · {t('warnings.detail.occurrences', { count: w.occurrences })}
            </Descriptions.Item>
          </Descriptions>
          <section aria-label={t('warnings.detail.reasons')}>
            <Typography.Title level={5}>{t('warnings.detail.reasons')}</Typography.Title>
            <ul data-testid="warning-reasons">
              {w.reasons.map((r, i) => (
                <li key={i}>{reasonText(r, t, catName)}</li>
              ))}
            </ul>
            {evidenceLines().map((l) => (
              <Typography.Paragraph key={l} type="secondary">
                {l}
              </Typography.Paragraph>
            ))}
          </section>
          <section aria-label={t('warnings.detail.cases')}>
            <Typography.Title level={5}>{t('warnings.detail.cases')}</Typography.Title>
            <List
              size="small"
              dataSource={w.cases}
              renderItem={(c) => (
                <List.Item>
                  <Space wrap>
                    <Link to={`/cases/${c.id}`}>{c.caseNo}</Link>
                    <Typography.Text>{c.title}</Typography.Text>
                    <StateTag state={c.state} />
                    <RiskTag risk={c.riskLevel} />
                    <Typography.Text type="secondary">
                      {t(`common.channel.${c.channel}`)} · {formatTime(c.createdAt)}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
            {w.hiddenCases > 0 && (
              <Typography.Text type="secondary">
                {t('warnings.detail.hiddenCases', { count: w.hiddenCases })}
              </Typography.Text>
            )}
          </section>
          <section aria-label={t('warnings.detail.trail')}>
            <Typography.Title level={5}>{t('warnings.detail.trail')}</Typography.Title>
            <Timeline
              items={w.events.map((e) => ({
                children: (
                  <>
                    {formatTime(e.at)} · {t(`warnings.detail.action.${e.action}`)} ·{' '}
                    {e.actorName ?? t('warnings.detail.system')}
                    {e.note && (
                      <Typography.Paragraph style={{ marginBottom: 0 }}>{e.note}</Typography.Paragraph>
                    )}
                  </>
                ),
              }))}
            />
          </section>
          {error && <Alert type="error" showIcon title={error.message} />}
          {w.status !== 'handled' &&
            (w.mayAct ? (
              <Space>
                {w.status === 'open' && (
                  <Button
                    onClick={() => acknowledge.mutate()}
                    loading={acknowledge.isPending}
                    data-testid="warning-ack"
                  >
                    {t('warnings.detail.acknowledge')}
                  </Button>
                )}
                <Button type="primary" onClick={() => setHandling(true)} data-testid="warning-handle">
                  {t('warnings.detail.handle')}
                </Button>
              </Space>
            ) : (
              <Alert type="info" showIcon title={t('warnings.detail.notYours')} />
            ))}
        </Space>
      )}
      <Modal
        open={handling}
        title={t('warnings.detail.handleTitle')}
        onCancel={() => setHandling(false)}
        onOk={() => void form.validateFields().then((v) => handle.mutate(v.note.trim()))}
        confirmLoading={handle.isPending}
        destroyOnHidden
      >
        {handle.error && (
          <Alert type="error" showIcon title={handle.error.message} style={{ marginBottom: 12 }} />
        )}
        <Form form={form} layout="vertical">
          <Form.Item
            name="note"
            label={t('warnings.detail.note')}
            rules={[
              { required: true, whitespace: true, message: t('warnings.detail.noteRequired') },
              { max: NOTE_MAX, message: t('warnings.detail.noteTooLong', { max: NOTE_MAX }) },
            ]}
          >
            <Input.TextArea rows={4} maxLength={NOTE_MAX} showCount data-testid="warning-note" />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
