// 调解 on the case page: the team, its sessions (安排调解, 记录) and agreements (生成调解协议书, PDF).
// Shown when the case has a mediation or the user may form one; the forms only to those the
// server will let act (team forming by policy, sessions and agreements by the team).
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isAllowed } from '../../../../src/core/workflow/policy';
import { api, ApiError } from '../../api/client';
import { useUser } from '../../auth/session';
import { termDueDays } from './agreement-form';
import { caseKey } from './queries';
import type { CaseDetail } from './types';

type Outcome = 'agreement' | 'continue' | 'failed';
interface Member {
  id: string;
  userId: string | null;
  mediatorId: string | null;
  unitId: string | null;
  unitName: string | null;
  name: string;
  role: string;
}
interface Participant {
  memberId?: string;
  partyId?: string;
  name: string;
  role: string;
}
interface Session {
  id: string;
  n: number;
  scheduledAt: string;
  place: string | null;
  videoUrl: string | null;
  participants: Participant[];
  status: 'scheduled' | 'held';
  attendance: { name: string; present: boolean }[] | null;
  minutes: string | null;
  outcome: Outcome | null;
  heldAt: string | null;
}
type TermLight = 'pending' | 'due_soon' | 'due_today' | 'overdue' | 'performed' | 'breached';
interface Term {
  id: string;
  n: number;
  text: string;
  dueDay: string;
  status: 'pending' | 'performed' | 'breached';
  light: TermLight;
  note: string | null;
}
type JudicialState = 'referred' | 'accepted' | 'confirmed' | 'rejected' | 'withdrawn';
interface Referral {
  id: string;
  courtName: string;
  status: JudicialState;
  rulingNo: string | null;
  referredAt: string;
  decidedAt: string | null;
}
interface Agreement {
  id: string;
  digest: string;
  createdAt: string;
  verifyUrl: string;
  terms: Term[];
  judicialConfirmations: Referral[];
}
interface Mediation {
  id: string;
  orgUnitId: string;
  orgName: string;
  leadMediatorId: string;
  leadMediatorName: string;
  members: Member[];
  sessions: Session[];
  agreements: Agreement[];
  conclusion: { outcome: string; guidance: string | null; at: string } | null;
}
interface Suggestion {
  unitId: string;
  name: string;
  byCategory: boolean;
  mediators: {
    userId: string | null;
    mediatorId: string | null;
    name: string;
    openCases: number;
    specialist: boolean;
    canLead: boolean;
  }[];
}

const LIGHT_COLOR: Record<TermLight, string> = {
  pending: 'default',
  due_soon: 'gold',
  due_today: 'orange',
  overdue: 'red',
  performed: 'green',
  breached: 'red',
};
const JUDICIAL_STEPS: Record<JudicialState, readonly ('accept' | 'confirm' | 'reject' | 'withdraw')[]> = {
  referred: ['accept', 'confirm', 'reject', 'withdraw'],
  accepted: ['confirm', 'reject', 'withdraw'],
  confirmed: [],
  rejected: [],
  withdrawn: [],
};

const mediationKey = (id: string) => ['mediation', id] as const;
const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export function MediationCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const canAssign = isAllowed(user.role, 'assign_mediation', c.relations);
  const q = useQuery({
    queryKey: mediationKey(c.id),
    queryFn: ({ signal }) => api<{ mediation: Mediation | null }>(`/api/cases/${c.id}/mediation`, { signal }),
  });
  const [open, setOpen] = useState<
    | null
    | 'assign'
    | 'schedule'
    | 'agreement'
    | Session
    | { mark: Term; as: 'performed' | 'breached' }
    | { refer: Agreement }
    | { step: Referral; as: 'accept' | 'confirm' | 'reject' | 'withdraw' }
  >(null);
  const m = q.data?.mediation ?? null;
  if (q.isLoading || q.error || (!m && !canAssign)) return null;

  const onTeam = !!m && (m.leadMediatorId === user.id || m.members.some((x) => x.userId === user.id));
  const canMediate = onTeam && isAllowed(user.role, 'mediate', c.relations);
  const agreed = !!m?.sessions.some((s) => s.outcome === 'agreement');
  const canRecord = isAllowed(user.role, 'record_performance', c.relations);
  const breached = !!m?.agreements.some((a) => a.terms.some((x) => x.status === 'breached'));
  const failed = !!m?.sessions.some((s) => s.outcome === 'failed');

  return (
    <Card
      title={t('mediation.title')}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="mediation-card"
      extra={
        canAssign && (
          <Button size="small" onClick={() => setOpen('assign')}>
            {m ? t('mediation.reassign') : t('mediation.assign')}
          </Button>
        )
      }
    >
      {!m ? (
        <Typography.Text type="secondary">{t('mediation.none')}</Typography.Text>
      ) : (
        <>
          {breached && (
            <Alert
              type="error"
              showIcon
              title={t('mediation.breachAlert')}
              style={{ marginBottom: 12 }}
              data-testid="breach-alert"
            />
          )}
          {m.conclusion?.guidance ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="mediation-guidance"
              title={t('mediation.guidedTo', { channel: t(`mediation.guidance.${m.conclusion.guidance}`) })}
            />
          ) : (
            failed &&
            !m.conclusion && (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('mediation.failedHint')} />
            )
          )}
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('mediation.org')}>{m.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('mediation.lead')}>{m.leadMediatorName}</Descriptions.Item>
            <Descriptions.Item label={t('mediation.members')}>
              <Space wrap size={4}>
                {m.members.map((x) => (
                  <Tag key={x.id}>
                    {x.name}（{x.role}
                    {x.unitName ? `，${x.unitName}` : ''}）
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5}>{t('mediation.sessions')}</Typography.Title>
          <List
            size="small"
            locale={{ emptyText: t('mediation.noSessions') }}
            dataSource={m.sessions}
            renderItem={(s) => (
              <List.Item
                data-testid="mediation-session"
                data-status={s.status}
                actions={
                  canMediate && s.status === 'scheduled'
                    ? [
                        <Button key="record" size="small" onClick={() => setOpen(s)}>
                          {t('mediation.record')}
                        </Button>,
                      ]
                    : []
                }
              >
                <Space direction="vertical" size={0}>
                  <Space wrap size={4}>
                    <span>{t('mediation.sessionNo', { n: s.n })}</span>
                    <span>{when(s.scheduledAt)}</span>
                    <Tag color={s.status === 'held' ? 'green' : 'blue'}>
                      {t(`mediation.status.${s.status}`)}
                    </Tag>
                    {s.outcome && <Tag>{t(`mediation.outcomes.${s.outcome}`)}</Tag>}
                  </Space>
                  <Typography.Text type="secondary">
                    {s.place}
                    {s.videoUrl && (
                      <a href={s.videoUrl} target="_blank" rel="noreferrer">
                        {s.place ? ' · ' : ''}
                        {s.videoUrl}
                      </a>
                    )}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t('mediation.participants')}：{s.participants.map((p) => p.name).join('、')}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {canMediate && (
            <Button icon={<PlusOutlined />} onClick={() => setOpen('schedule')} style={{ marginBottom: 16 }}>
              {t('mediation.schedule')}
            </Button>
          )}

          <Typography.Title level={5}>{t('mediation.agreements')}</Typography.Title>
          <List
            size="small"
            locale={{ emptyText: t('mediation.noAgreements') }}
            dataSource={m.agreements}
            renderItem={(a) => (
              <List.Item data-testid="mediation-agreement">
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap>
                    <span>
                      {t('mediation.createdAt')} {when(a.createdAt)}
                    </span>
                    <a href={`/api/mediation-agreements/${a.id}/pdf`} download>
                      <DownloadOutlined /> {t('mediation.download')}
                    </a>
                    {canMediate &&
                      !a.judicialConfirmations.some(
                        (r) => JUDICIAL_STEPS[r.status].length > 0 || r.status === 'confirmed',
                      ) && (
                        <Button size="small" onClick={() => setOpen({ refer: a })}>
                          {t('mediation.refer')}
                        </Button>
                      )}
                  </Space>
                  {a.terms.length > 0 && (
                    <div data-testid="agreement-terms">
                      <Typography.Text type="secondary">{t('mediation.performance')}</Typography.Text>
                      {a.terms.map((x) => (
                        <div
                          key={x.id}
                          data-testid="agreement-term"
                          data-status={x.status}
                          data-light={x.light}
                        >
                          <Space wrap size={4}>
                            <span>
                              {t('mediation.term', { n: x.n })}（{t('mediation.termDue', { day: x.dueDay })}）
                            </span>
                            <Tag color={LIGHT_COLOR[x.light]}>{t(`mediation.light.${x.light}`)}</Tag>
                            {canRecord && x.status !== 'performed' && (
                              <Button size="small" onClick={() => setOpen({ mark: x, as: 'performed' })}>
                                {t('mediation.markPerformed')}
                              </Button>
                            )}
                            {canRecord && x.status === 'pending' && (
                              <Button
                                size="small"
                                danger
                                onClick={() => setOpen({ mark: x, as: 'breached' })}
                              >
                                {t('mediation.markBreached')}
                              </Button>
                            )}
                          </Space>
                          <Typography.Paragraph type="secondary" style={{ margin: 0 }} ellipsis={{ rows: 1 }}>
                            {x.text}
                            {x.note ? `（${x.note}）` : ''}
                          </Typography.Paragraph>
                        </div>
                      ))}
                    </div>
                  )}
                  {a.judicialConfirmations.length > 0 && (
                    <div data-testid="judicial-confirmations">
                      <Typography.Text type="secondary">{t('mediation.judicial')}</Typography.Text>
                      {a.judicialConfirmations.map((r) => (
                        <div key={r.id} data-testid="judicial-confirmation" data-status={r.status}>
                          <Space wrap size={4}>
                            <span>{r.courtName}</span>
                            <Tag
                              color={
                                r.status === 'confirmed' ? 'green' : r.status === 'rejected' ? 'red' : 'blue'
                              }
                            >
                              {t(`mediation.judicialStatus.${r.status}`)}
                            </Tag>
                            {r.rulingNo && <span>{r.rulingNo}</span>}
                            {canMediate &&
                              JUDICIAL_STEPS[r.status].map((step) => (
                                <Button
                                  key={step}
                                  size="small"
                                  onClick={() => setOpen({ step: r, as: step })}
                                >
                                  {t(`mediation.judicialStep.${step}`)}
                                </Button>
                              ))}
                          </Space>
                        </div>
                      ))}
                    </div>
                  )}
                </Space>
              </List.Item>
            )}
          />
          {canMediate && agreed && (
            <Button type="primary" onClick={() => setOpen('agreement')}>
              {t('mediation.generate')}
            </Button>
          )}
        </>
      )}
      {open === 'assign' && <AssignModal c={c} m={m} onClose={() => setOpen(null)} />}
      {open === 'schedule' && m && <ScheduleModal c={c} m={m} onClose={() => setOpen(null)} />}
      {open === 'agreement' && <AgreementModal c={c} onClose={() => setOpen(null)} />}
      {open && typeof open === 'object' && 'mark' in open && (
        <MarkModal c={c} term={open.mark} mark={open.as} onClose={() => setOpen(null)} />
      )}
      {open && typeof open === 'object' && 'refer' in open && (
        <ReferModal c={c} agreement={open.refer} onClose={() => setOpen(null)} />
      )}
      {open && typeof open === 'object' && 'step' in open && (
        <StepModal c={c} referral={open.step} step={open.as} onClose={() => setOpen(null)} />
      )}
      {open && typeof open === 'object' && 'status' in open && (
        <RecordModal c={c} s={open} onClose={() => setOpen(null)} />
      )}
    </Card>
  );
}

/** A modal form that posts, shows the server's refusal inside, and refreshes the case on success. */
function FormModal<V extends object>({
  c,
  title,
  form,
  initialValues,
  send,
  onClose,
  children,
}: {
  c: CaseDetail;
  title: string;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  send: (v: V) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    let v: V;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send(v);
      void queryClient.invalidateQueries({ queryKey: mediationKey(c.id) });
      void queryClient.invalidateQueries({ queryKey: caseKey(c.id) });
      void message.success(t('mediation.saved'));
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('mediation.submit')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}

interface AssignValues {
  orgUnitId: string;
  leadMediatorId: string;
  /** person: 'u:<user id>' (an account) or 'm:<roster id>' (a mediator without one) */
  members: { person?: string; name?: string; role: string }[];
}

function AssignModal({ c, m, onClose }: { c: CaseDetail; m: Mediation | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AssignValues>();
  const sug = useQuery({
    queryKey: ['mediation', c.id, 'suggestions'],
    queryFn: () => api<{ items: Suggestion[] }>(`/api/cases/${c.id}/mediation/suggestions`),
  });
  const items = sug.data?.items ?? [];
  const orgId = Form.useWatch('orgUnitId', form);
  const org = items.find((i) => i.unitId === orgId);
  const users = items.flatMap((i) =>
    i.mediators.map((x) => ({
      value: x.userId ? `u:${x.userId}` : `m:${x.mediatorId}`,
      label: `${x.name}（${i.name}）`,
    })),
  );
  const required = [{ required: true, message: t('mediation.required') }];
  return (
    <FormModal<AssignValues>
      c={c}
      title={t('mediation.assign')}
      form={form}
      initialValues={
        m
          ? {
              orgUnitId: m.orgUnitId,
              leadMediatorId: m.leadMediatorId,
              members: m.members.map((x) => ({
                person: x.userId ? `u:${x.userId}` : x.mediatorId ? `m:${x.mediatorId}` : undefined,
                name: x.name,
                role: x.role,
              })),
            }
          : { members: [] }
      }
      send={(v) =>
        api(`/api/cases/${c.id}/mediation`, {
          method: 'PUT',
          body: {
            orgUnitId: v.orgUnitId,
            leadMediatorId: v.leadMediatorId,
            members: (v.members ?? []).map((x) =>
              x.person?.startsWith('u:')
                ? { userId: x.person.slice(2), role: x.role }
                : x.person?.startsWith('m:')
                  ? { mediatorId: x.person.slice(2), role: x.role }
                  : { name: x.name ?? '', role: x.role },
            ),
          },
        })
      }
      onClose={onClose}
    >
      <Form.Item name="orgUnitId" label={t('mediation.org')} rules={required}>
        <Select
          loading={sug.isLoading}
          onChange={() => form.setFieldValue('leadMediatorId', undefined)}
          options={items.map((i) => ({
            value: i.unitId,
            label: i.byCategory ? `${i.name}（${t('mediation.byCategory')}）` : i.name,
          }))}
        />
      </Form.Item>
      <Form.Item name="leadMediatorId" label={t('mediation.lead')} rules={required}>
        <Select
          options={(org?.mediators ?? [])
            .filter((x) => x.canLead)
            .map((x) => ({
              value: x.userId!,
              label: `${x.name}（${t('mediation.openCases', { n: x.openCases })}）`,
            }))}
        />
      </Form.Item>
      <Typography.Text strong>{t('mediation.members')}</Typography.Text>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap>
                <Form.Item name={[f.name, 'person']}>
                  <Select
                    allowClear
                    placeholder={t('mediation.memberUser')}
                    options={users}
                    style={{ width: 200 }}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'name']}>
                  <Input placeholder={t('mediation.memberName')} aria-label={t('mediation.memberName')} />
                </Form.Item>
                <Form.Item name={[f.name, 'role']} rules={required}>
                  <Input placeholder={t('mediation.memberRole')} aria-label={t('mediation.memberRole')} />
                </Form.Item>
                <Button onClick={() => remove(f.name)}>−</Button>
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({})} block>
              {t('mediation.addMember')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}

interface ScheduleValues {
  scheduledAt: Dayjs;
  place?: string;
  videoUrl?: string;
  participants: number[];
}

function ScheduleModal({ c, m, onClose }: { c: CaseDetail; m: Mediation; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ScheduleValues>();
  const people: Participant[] = [
    { name: m.leadMediatorName, role: t('mediation.lead') },
    ...m.members.map((x) => ({ memberId: x.id, name: x.name, role: x.role })),
    // the parties, told by SMS at the phone the case holds
    ...c.parties.map((p) => ({ partyId: p.id, name: p.name, role: t(`mediation.partyRole.${p.role}`) })),
  ];
  const required = [{ required: true, message: t('mediation.required') }];
  const placeOrVideo = {
    validator: () => {
      const v = form.getFieldsValue(['place', 'videoUrl']) as ScheduleValues;
      return v.place?.trim() || v.videoUrl?.trim()
        ? Promise.resolve()
        : Promise.reject(new Error(t('mediation.placeOrVideo')));
    },
  };
  return (
    <FormModal<ScheduleValues>
      c={c}
      title={t('mediation.schedule')}
      form={form}
      initialValues={{ participants: people.map((_, i) => i) }}
      send={(v) =>
        api(`/api/cases/${c.id}/mediation/sessions`, {
          body: {
            scheduledAt: v.scheduledAt.toDate().toISOString(),
            ...(v.place?.trim() ? { place: v.place.trim() } : {}),
            ...(v.videoUrl?.trim() ? { videoUrl: v.videoUrl.trim() } : {}),
            participants: v.participants.map((i) => people[i]),
          },
        })
      }
      onClose={onClose}
    >
      <Form.Item name="scheduledAt" label={t('mediation.scheduledAt')} rules={required}>
        <DatePicker showTime format="YYYY-MM-DD HH:mm:ss" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="place" label={t('mediation.place')} rules={[placeOrVideo]} dependencies={['videoUrl']}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="videoUrl"
        label={t('mediation.videoUrl')}
        rules={[{ pattern: /^https?:\/\//, message: 'https://…' }]}
      >
        <Input maxLength={500} placeholder="https://" />
      </Form.Item>
      <Form.Item name="participants" label={t('mediation.participants')} rules={required}>
        <Checkbox.Group options={people.map((p, i) => ({ value: i, label: `${p.name}（${p.role}）` }))} />
      </Form.Item>
    </FormModal>
  );
}

interface RecordValues {
  present: string[];
  minutes: string;
  outcome: Outcome;
}

function RecordModal({ c, s, onClose }: { c: CaseDetail; s: Session; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RecordValues>();
  const names = s.participants.map((p) => p.name);
  const required = [{ required: true, message: t('mediation.required') }];
  return (
    <FormModal<RecordValues>
      c={c}
      title={`${t('mediation.record')} · ${t('mediation.sessionNo', { n: s.n })}`}
      form={form}
      initialValues={{ present: names }}
      send={(v) =>
        api(`/api/mediation-sessions/${s.id}/record`, {
          body: {
            attendance: names.map((name) => ({ name, present: (v.present ?? []).includes(name) })),
            minutes: v.minutes,
            outcome: v.outcome,
          },
        })
      }
      onClose={onClose}
    >
      <Form.Item name="present" label={t('mediation.attendance')}>
        <Checkbox.Group options={names} />
      </Form.Item>
      <Form.Item name="minutes" label={t('mediation.minutes')} rules={[{ ...required[0], whitespace: true }]}>
        <Input.TextArea rows={5} maxLength={20000} />
      </Form.Item>
      <Form.Item name="outcome" label={t('mediation.outcome')} rules={required}>
        <Radio.Group
          options={(['agreement', 'continue', 'failed'] as const).map((o) => ({
            value: o,
            label: t(`mediation.outcomes.${o}`),
          }))}
        />
      </Form.Item>
    </FormModal>
  );
}

interface AgreementValues {
  parties: { role: 'applicant' | 'respondent' | 'third_party'; name: string; representative?: string }[];
  facts: string;
  terms: string[];
  performanceDeadline: Dayjs;
  /** a term's own due day, or that it obliges no one; by index of the term */
  termDue?: (Dayjs | undefined)[];
  termNone?: (boolean | undefined)[];
  place: string;
}

function AgreementModal({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AgreementValues>();
  const terms: string[] = Form.useWatch('terms', form) ?? [''];
  const required = [{ required: true, whitespace: true, message: t('mediation.required') }];
  return (
    <FormModal<AgreementValues>
      c={c}
      title={t('mediation.generate')}
      form={form}
      initialValues={{
        parties: c.parties.map((p) => ({ role: p.role, name: p.name })),
        facts: c.description,
        terms: [''],
      }}
      send={(v) =>
        api(`/api/cases/${c.id}/mediation/agreements`, {
          body: {
            parties: v.parties.map((p) => ({
              role: p.role,
              name: p.name.trim(),
              ...(p.representative?.trim() ? { representative: p.representative.trim() } : {}),
            })),
            facts: v.facts.trim(),
            terms: v.terms.map((x) => x.trim()),
            performanceDeadline: v.performanceDeadline.format('YYYY-MM-DD'),
            ...(termDueDays(v) ? { termDueDays: termDueDays(v) } : {}),
            place: v.place.trim(),
          },
        })
      }
      onClose={onClose}
    >
      <Typography.Text strong>{t('mediation.parties')}</Typography.Text>
      <Form.List name="parties">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap>
                <Form.Item name={[f.name, 'role']} rules={required}>
                  <Select
                    style={{ width: 120 }}
                    options={(['applicant', 'respondent', 'third_party'] as const).map((r) => ({
                      value: r,
                      label: t(`mediation.partyRole.${r}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'name']} rules={required}>
                  <Input placeholder={t('mediation.partyName')} aria-label={t('mediation.partyName')} />
                </Form.Item>
                <Form.Item name={[f.name, 'representative']}>
                  <Input
                    placeholder={t('mediation.representative')}
                    aria-label={t('mediation.representative')}
                  />
                </Form.Item>
                <Button onClick={() => remove(f.name)}>−</Button>
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ role: 'third_party' })} block>
              {t('mediation.addParty')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="facts" label={t('mediation.facts')} rules={required} style={{ marginTop: 16 }}>
        <Input.TextArea rows={4} maxLength={5000} />
      </Form.Item>
      <Typography.Text strong>{t('mediation.terms')}</Typography.Text>
      <Form.List name="terms">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="start" style={{ display: 'flex' }}>
                <Form.Item name={f.name} rules={required} style={{ flex: 1, minWidth: 440 }}>
                  <Input.TextArea
                    rows={2}
                    maxLength={2000}
                    aria-label={t('mediation.term', { n: i + 1 })}
                    placeholder={t('mediation.term', { n: i + 1 })}
                  />
                </Form.Item>
                {fields.length > 1 && <Button onClick={() => remove(f.name)}>−</Button>}
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add('')} block style={{ marginBottom: 16 }}>
              {t('mediation.addTerm')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item
        name="performanceDeadline"
        label={t('mediation.performanceDeadline')}
        rules={[{ required: true, message: t('mediation.required') }]}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Typography.Text type="secondary">{t('mediation.termDays')}</Typography.Text>
      {terms.map((_, i) => (
        <Space key={i} align="baseline" style={{ display: 'flex' }}>
          <span style={{ width: 64, display: 'inline-block' }}>{t('mediation.term', { n: i + 1 })}</span>
          <Form.Item name={['termDue', i]} style={{ marginBottom: 8 }}>
            <DatePicker aria-label={t('mediation.termDueLabel', { n: i + 1 })} />
          </Form.Item>
          <Form.Item name={['termNone', i]} valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t('mediation.noDue')}</Checkbox>
          </Form.Item>
        </Space>
      ))}
      <Form.Item name="place" label={t('mediation.signPlace')} rules={required} style={{ marginTop: 8 }}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

function MarkModal({
  c,
  term,
  mark,
  onClose,
}: {
  c: CaseDetail;
  term: Term;
  mark: 'performed' | 'breached';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note?: string }>();
  return (
    <FormModal<{ note?: string }>
      c={c}
      title={`${t('mediation.term', { n: term.n })} · ${mark === 'performed' ? t('mediation.markPerformed') : t('mediation.markBreached')}`}
      form={form}
      send={(v) =>
        api(`/api/agreement-terms/${term.id}/performance`, {
          body: { mark, ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
        })
      }
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{term.text}</Typography.Paragraph>
      <Form.Item name="note" label={t('mediation.markNote')}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}

function ReferModal({ c, agreement, onClose }: { c: CaseDetail; agreement: Agreement; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ courtUnitId: string; note?: string }>();
  const courts = useQuery({
    queryKey: ['mediation', c.id, 'courts'],
    queryFn: () => api<{ items: { unitId: string; name: string }[] }>(`/api/cases/${c.id}/mediation/courts`),
  });
  return (
    <FormModal<{ courtUnitId: string; note?: string }>
      c={c}
      title={t('mediation.refer')}
      form={form}
      initialValues={{ courtUnitId: courts.data?.items[0]?.unitId }}
      send={(v) =>
        api(`/api/mediation-agreements/${agreement.id}/judicial-confirmations`, {
          body: { courtUnitId: v.courtUnitId, ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
        })
      }
      onClose={onClose}
    >
      <Form.Item
        name="courtUnitId"
        label={t('mediation.court')}
        rules={[{ required: true, message: t('mediation.required') }]}
      >
        <Select
          loading={courts.isLoading}
          options={(courts.data?.items ?? []).map((x) => ({ value: x.unitId, label: x.name }))}
        />
      </Form.Item>
      <Form.Item name="note" label={t('mediation.referNote')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}

function StepModal({
  c,
  referral,
  step,
  onClose,
}: {
  c: CaseDetail;
  referral: Referral;
  step: 'accept' | 'confirm' | 'reject' | 'withdraw';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ rulingNo?: string; note?: string }>();
  return (
    <FormModal<{ rulingNo?: string; note?: string }>
      c={c}
      title={`${referral.courtName} · ${t(`mediation.judicialStep.${step}`)}`}
      form={form}
      send={(v) =>
        api(`/api/judicial-confirmations/${referral.id}/steps`, {
          body: {
            step,
            ...(v.rulingNo?.trim() ? { rulingNo: v.rulingNo.trim() } : {}),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          },
        })
      }
      onClose={onClose}
    >
      {(step === 'confirm' || step === 'reject') && (
        <Form.Item
          name="rulingNo"
          label={t('mediation.rulingNo')}
          rules={
            step === 'confirm' ? [{ required: true, whitespace: true, message: t('mediation.required') }] : []
          }
        >
          <Input maxLength={100} />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('mediation.referNote')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}
