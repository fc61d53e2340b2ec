// The oversight cards of the case page: the whistle's report-in tasks (报到) with the escalating
// level's rating, the supervision orders (督办单) with their issue and answer forms, and the leaders'
// instructions (批示). Which forms show follows the policy table and the user's relations to the
// case (from the case detail); the server decides.
import { Button, Card, Descriptions, Empty, List, Rate, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isAllowed } from '../../../../src/core/workflow/policy';
import type { Relation, Role } from '../../../../src/core/workflow/case-model';
import { useUser } from '../../auth/session';
import { formatTime } from '../work/format';
import { Deadline } from '../work/tags';
import { AnswerModal, InstructionModal, IssueOrderModal, RatingModal } from './forms';
import { OrderStatusTag, TaskStatusTag, useNow } from './parts';
import {
  useAfterWrite,
  useCaseDetail,
  useCaseInstructions,
  useCaseOrders,
  useCaseReportIns,
} from './queries';
import { orderAnswerable, orderHighlighted, orderLight, taskLight } from './rules';
import type { CaseReportIns, Instruction, ReportInTask, SupervisionOrder } from './types';

const OPEN_STATES = ['registered', 'assigned', 'in_progress'];

export function CaseOversight({
  caseId,
  version,
  onChanged,
}: {
  caseId: string;
  version: number;
  /** called after a write here: the case moved to a new version (reload it) */
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const detail = useCaseDetail(caseId).data;
  const afterWrite = useAfterWrite();
  const relations: Relation[] = detail?.relations ?? [];
  const may = (action: Parameters<typeof isAllowed>[1]) => isAllowed(user.role as Role, action, relations);
  const open = OPEN_STATES.includes(detail?.state ?? '');
  const changed = () => {
    afterWrite(null);
    onChanged();
  };
  return (
    <section aria-label={t('oversight.case.label')} data-testid="case-oversight">
      <ReportInsCard caseId={caseId} version={version} onChanged={changed} />
      <OrdersCard
        caseId={caseId}
        version={version}
        maySupervise={may('supervise') && open}
        mayAnswer={may('answer_supervision')}
        onChanged={changed}
      />
      <InstructionsCard caseId={caseId} version={version} mayInstruct={may('instruct')} onChanged={changed} />
    </section>
  );
}

function ReportInsCard({
  caseId,
  version,
  onChanged,
}: {
  caseId: string;
  version: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const q = useCaseReportIns(caseId, version);
  const now = useNow();
  const [rating, setRating] = useState<ReportInTask | null>(null);
  const data: CaseReportIns | undefined = q.data;
  if (!data || data.items.length === 0) return null;
  return (
    <Card
      title={t('oversight.reportIns.cardTitle')}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="case-report-ins"
    >
      <List
        size="small"
        dataSource={data.items}
        renderItem={(task) => (
          <List.Item
            key={task.id}
            data-testid="case-report-in"
            actions={
              task.rateable
                ? [
                    <Button key="rate" size="small" onClick={() => setRating(task)}>
                      {t('oversight.rating.rate')}
                    </Button>,
                  ]
                : undefined
            }
          >
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <Typography.Text strong>{task.unitName}</Typography.Text>
                <TaskStatusTag task={task} />
              </Space>
              <Typography.Text type="secondary">
                {t('oversight.reportIns.whistle', {
                  from: t(`common.level.${task.fromLevel}`),
                  to: t(`common.level.${task.toLevel}`),
                  at: formatTime(task.summonedAt),
                })}
              </Typography.Text>
              <Space size={4} wrap>
                <Typography.Text type="secondary">{t('oversight.reportIns.due')}</Typography.Text>
                <Deadline at={task.dueAt} light={taskLight(task, now)} />
              </Space>
              {task.reportedAt && (
                <Typography.Text type="secondary">
                  {t('oversight.reportIns.reportedAt', { at: formatTime(task.reportedAt) })}
                </Typography.Text>
              )}
              {task.rating !== null && (
                <Space size={4} wrap data-testid="case-report-in-rating">
                  <Rate
                    disabled
                    value={task.rating}
                    style={{ fontSize: 14 }}
                    aria-label={t('oversight.rating.stars')}
                  />
                  {task.ratingComment && <Typography.Text>{task.ratingComment}</Typography.Text>}
                </Space>
              )}
            </Space>
          </List.Item>
        )}
      />
      {!data.whistleClosed && (
        <Typography.Text type="secondary">{t('oversight.rating.afterClose')}</Typography.Text>
      )}
      {rating && (
        <RatingModal
          caseId={caseId}
          version={version}
          task={rating}
          onDone={onChanged}
          onStale={onChanged}
          onClose={() => setRating(null)}
        />
      )}
    </Card>
  );
}

function OrdersCard({
  caseId,
  version,
  maySupervise,
  mayAnswer,
  onChanged,
}: {
  caseId: string;
  version: number;
  maySupervise: boolean;
  mayAnswer: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const q = useCaseOrders(caseId, version);
  const now = useNow();
  const [issuing, setIssuing] = useState(false);
  const [answering, setAnswering] = useState<SupervisionOrder | null>(null);
  const items = q.data?.items ?? [];
  if (items.length === 0 && !maySupervise) return null;
  return (
    <Card
      title={t('oversight.order.cardTitle')}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="case-orders"
      extra={
        maySupervise && (
          <Button size="small" type="primary" onClick={() => setIssuing(true)}>
            {t('oversight.order.issue')}
          </Button>
        )
      }
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('oversight.order.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(o) => (
            <List.Item
              key={o.id}
              data-testid="case-order"
              data-status={o.status}
              style={orderHighlighted(o) ? { background: '#fff2e8' } : undefined}
              actions={
                orderAnswerable(o, mayAnswer)
                  ? [
                      <Button key="answer" size="small" type="primary" onClick={() => setAnswering(o)}>
                        {t('oversight.order.answerAction')}
                      </Button>,
                    ]
                  : undefined
              }
            >
              <OrderDetails order={o} now={now} />
            </List.Item>
          )}
        />
      )}
      {issuing && <IssueOrderModal caseId={caseId} onDone={onChanged} onClose={() => setIssuing(false)} />}
      {answering && <AnswerModal order={answering} onDone={onChanged} onClose={() => setAnswering(null)} />}
    </Card>
  );
}

/** An order's facts: who issued it at which level, what it asks, by when, and the answer. */
export function OrderDetails({
  order: o,
  now,
  withCase = false,
}: {
  order: SupervisionOrder;
  now: Date;
  withCase?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={1}
      style={{ width: '100%' }}
      items={[
        ...(withCase
          ? [
              {
                key: 'case',
                label: t('oversight.col.case'),
                children: (
                  <Link to={`/cases/${o.caseId}`}>
                    {o.caseNo} {o.caseTitle}
                  </Link>
                ),
              },
            ]
          : []),
        {
          key: 'status',
          label: t('oversight.col.status'),
          children: (
            <Space size={4} wrap>
              <OrderStatusTag order={o} />
              <Typography.Text type="secondary">{t(`oversight.orderKind.${o.kind}`)}</Typography.Text>
              {o.escalations > 0 && (
                <Typography.Text type="danger">
                  {t('oversight.order.escalatedTo', { level: o.levelName, count: o.escalations })}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        {
          key: 'issued',
          label: t('oversight.col.issued'),
          children: `${o.issuedByName ?? t(`common.role.${o.issuerRole}`)} · ${formatTime(o.issuedAt)}`,
        },
        { key: 'to', label: t('oversight.col.addressed'), children: o.addressedUnitName },
        {
          key: 'instructions',
          label: t('oversight.order.instructions'),
          children: <span style={{ whiteSpace: 'pre-wrap' }}>{o.instructions}</span>,
        },
        {
          key: 'due',
          label: t('oversight.col.due'),
          children: <Deadline at={o.dueAt} light={orderLight(o, now)} />,
        },
        ...(o.answer
          ? [
              {
                key: 'answer',
                label: t('oversight.order.answer'),
                children: (
                  <Space orientation="vertical" size={0}>
                    <span style={{ whiteSpace: 'pre-wrap' }} data-testid="order-answer">
                      {o.answer}
                    </span>
                    <Typography.Text type="secondary">
                      {[o.answeredByName, formatTime(o.answeredAt)].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  </Space>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

function InstructionsCard({
  caseId,
  version,
  mayInstruct,
  onChanged,
}: {
  caseId: string;
  version: number;
  mayInstruct: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const q = useCaseInstructions(caseId, version);
  const [writing, setWriting] = useState(false);
  const items: Instruction[] = q.data?.items ?? [];
  if (items.length === 0 && !mayInstruct) return null;
  return (
    <Card
      title={t('oversight.instruction.cardTitle')}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="case-instructions"
      extra={
        mayInstruct && (
          <Button size="small" type="primary" onClick={() => setWriting(true)}>
            {t('oversight.instruction.add')}
          </Button>
        )
      }
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('oversight.instruction.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(i) => (
            <List.Item key={i.id} data-testid="case-instruction">
              <Space orientation="vertical" size={2}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{i.text}</span>
                <Typography.Text type="secondary">
                  {[i.authorName, i.authorUnitName, formatTime(i.createdAt)].filter(Boolean).join(' · ')}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      {writing && <InstructionModal caseId={caseId} onDone={onChanged} onClose={() => setWriting(false)} />}
    </Card>
  );
}
