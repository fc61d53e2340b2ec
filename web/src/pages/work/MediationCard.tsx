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
import { caseKey } from './queries';
import type { CaseDetail } from './types';

type Outcome = 'agreement' | 'continue' | 'failed';
interface Member {
  id: string;
  userId: string | null;
  unitId: string | null;
  unitName: string | null;
  name: string;
  role: string;
}
interface Participant {
  memberId?: string;
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
interface Agreement {
  id: string;
  digest: string;
  createdAt: string;
  verifyUrl: string;
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
}
interface Suggestion {
  unitId: string;
  name: string;
  byCategory: boolean;
  mediators: { userId: string; name: string; openCases: number }[];
}

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
  const [open, setOpen] = useState<null | 'assign' | 'schedule' | 'agreement' | Session>(null);
  const m = q.data?.mediation ?? null;
  if (q.isLoading || q.error || (!m && !canAssign)) return null;

  const onTeam = !!m && (m.leadMediatorId === user.id || m.members.some((x) => x.userId === user.id));
  const canMediate = onTeam && isAllowed(user.role, 'mediate', c.relations);
  const agreed = !!m?.sessions.some((s) => s.outcome === 'agreement');

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
                <Space wrap>
                  <span>
                    {t('mediation.createdAt')} {when(a.createdAt)}
                  </span>
                  <a href={`/api/mediation-agreements/${a.id}/pdf`} download>
                    <DownloadOutlined /> {t('mediation.download')}
                  </a>
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
      {open && typeof open === 'object' && <RecordModal c={c} s={open} onClose={() => setOpen(null)} />}
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
  members: { userId?: string; name?: string; role: string }[];
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
    i.mediators.map((x) => ({ value: x.userId, label: `${x.name}（${i.name}）` })),
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
              members: m.members.map((x) => ({ userId: x.userId ?? undefined, name: x.name, role: x.role })),
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
              x.userId ? { userId: x.userId, role: x.role } : { name: x.name ?? '', role: x.role },
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
          options={(org?.mediators ?? []).map((x) => ({
            value: x.userId,
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
                <Form.Item name={[f.name, 'userId']}>
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
  place: string;
}

function AgreementModal({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AgreementValues>();
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
      <Form.Item name="place" label={t('mediation.signPlace')} rules={required}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}
