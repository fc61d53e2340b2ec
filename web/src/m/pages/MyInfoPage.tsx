// 我的信息 (PIPL arts. 45–47): download everything held about me, ask to correct one of my
// records or to delete my data, and follow those requests. Case records under legal retention are
// restricted (停止处理), not deleted: the page says so before the resident asks.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Form, Input, List, NavBar, Radio, Space, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { fileRequest, myDataText, myRequests, type MyData, type MyRecord } from '../api';
import { LangSwitch } from '../LangSwitch';
import { PhoneCheck } from '../PhoneCheck';
import { useResident } from '../resident-session';

const FIELDS = ['phone', 'id_number', 'address'] as const;
type Field = (typeof FIELDS)[number];

export function MyInfoPage() {
  const { t } = useTranslation();
  const { status } = useResident();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const data = useQuery({
    queryKey: ['my-data'],
    queryFn: async () => JSON.parse(await myDataText()) as MyData,
    enabled: status === 'resident',
  });
  const requests = useQuery({
    queryKey: ['my-requests'],
    queryFn: myRequests,
    enabled: status === 'resident',
  });
  const [correcting, setCorrecting] = useState<MyRecord | null>(null);
  const [field, setField] = useState<Field>('address');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  if (status === 'loading') return null;
  const fail = (err: unknown) => Toast.show({ content: err instanceof ApiError ? err.message : String(err) });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['my-requests'] }),
      queryClient.invalidateQueries({ queryKey: ['my-data'] }),
    ]);

  const download = async () => {
    try {
      const blob = new Blob([await myDataText()], { type: 'application/json' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'yimen-my-data.json';
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (err) {
      fail(err);
    }
  };

  const submit = async (body: Record<string, unknown>) => {
    setBusy(true);
    try {
      await fileRequest(body);
      Toast.show({ content: t('piRights.filed') });
      setCorrecting(null);
      setValue('');
      setReason('');
      await refresh();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const askDeletion = async (caseId?: string) => {
    let why = '';
    const ok = await Dialog.confirm({
      title: caseId ? t('piRights.deleteCase') : t('piRights.deleteTraces'),
      content: (
        <Space direction="vertical">
          <span>{caseId ? t('piRights.retentionHint') : t('piRights.deleteTracesHint')}</span>
          <TextArea
            placeholder={t('piRights.reason')}
            maxLength={500}
            onChange={(v) => {
              why = v;
            }}
          />
        </Space>
      ),
    });
    if (ok) await submit({ kind: 'deletion', ...(caseId ? { caseId } : {}), reason: why.trim() });
  };

  const statusText = (r: { status: string; retainedUntil: string | null }) =>
    r.status === 'restricted'
      ? r.retainedUntil
        ? t('piRights.retainedUntil', { date: new Date(r.retainedUntil).toLocaleDateString() })
        : t('piRights.retainedOpen')
      : t(`piRights.status.${r.status}`);

  return (
    <div className="m-page">
      <NavBar onBack={() => navigate('/cases')} right={<LangSwitch />}>
        {t('piRights.myInfo')}
      </NavBar>
      {status !== 'resident' ? (
        <PhoneCheck />
      ) : (
        <>
          <List header={t('piRights.exportTitle')}>
            <List.Item description={t('piRights.exportHint')}>
              <Button color="primary" size="small" onClick={() => void download()}>
                {t('piRights.exportJson')}
              </Button>
            </List.Item>
          </List>
          <List header={t('piRights.myRecords')}>
            {(data.data?.cases ?? []).flatMap((c) =>
              c.myRecords.map((r) => (
                <List.Item
                  key={r.id}
                  description={
                    <Space direction="vertical">
                      <span>
                        {r.name} · {r.phone ?? '—'} · {r.idNumber ?? '—'} · {r.address ?? '—'}
                      </span>
                      {r.restrictedAt && <Tag color="warning">{t('piRights.restricted')}</Tag>}
                      <Space>
                        <Button size="mini" onClick={() => setCorrecting(r)}>
                          {t('piRights.correct')}
                        </Button>
                        <Button
                          size="mini"
                          color="danger"
                          fill="outline"
                          onClick={() => void askDeletion(c.id)}
                        >
                          {t('piRights.deleteCase')}
                        </Button>
                      </Space>
                    </Space>
                  }
                >
                  {c.caseNo} · {c.title}
                </List.Item>
              )),
            )}
          </List>
          {correcting && (
            <Form
              layout="vertical"
              mode="card"
              footer={
                <Button
                  block
                  color="primary"
                  loading={busy}
                  disabled={!value.trim() || !reason.trim()}
                  onClick={() =>
                    void submit({
                      kind: 'correction',
                      partyId: correcting.id,
                      field,
                      value: value.trim(),
                      reason: reason.trim(),
                    })
                  }
                >
                  {t('common.submit')}
                </Button>
              }
            >
              <Form.Header>{t('piRights.correct')}</Form.Header>
              <Form.Item>
                <Radio.Group value={field} onChange={(v) => setField(v as Field)}>
                  <Space direction="vertical">
                    {FIELDS.map((f) => (
                      <Radio key={f} value={f}>
                        {t(`piRights.field.${f}`)}
                      </Radio>
                    ))}
                  </Space>
                </Radio.Group>
              </Form.Item>
              <Form.Item label={<label htmlFor="pi-value">{t('piRights.newValue')}</label>}>
                <Input id="pi-value" value={value} maxLength={200} onChange={setValue} />
              </Form.Item>
              <Form.Item label={<label htmlFor="pi-reason">{t('piRights.reason')}</label>}>
                <TextArea id="pi-reason" value={reason} maxLength={500} onChange={setReason} />
              </Form.Item>
            </Form>
          )}
          <List header={t('piRights.requests')}>
            {(requests.data?.items ?? []).length === 0 && <List.Item>{t('piRights.noRequests')}</List.Item>}
            {(requests.data?.items ?? []).map((r) => (
              <List.Item
                key={r.id}
                description={`${t('piRights.dueAt')} ${new Date(r.dueAt).toLocaleDateString()}${
                  r.decisionNote && r.status === 'rejected' ? ` · ${r.decisionNote}` : ''
                }`}
                extra={<Tag color={r.status === 'pending' ? 'primary' : 'default'}>{statusText(r)}</Tag>}
              >
                {t(`piRights.kind.${r.kind}`)}
                {r.field ? ` · ${t(`piRights.field.${r.field}`)} → ${r.newValue ?? ''}` : ''}
                {r.caseNo ? ` · ${r.caseNo}` : ''}
              </List.Item>
            ))}
          </List>
          <div className="m-section">
            <Button block fill="outline" onClick={() => void askDeletion()}>
              {t('piRights.deleteTraces')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
