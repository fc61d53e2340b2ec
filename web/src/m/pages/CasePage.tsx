// One case as its resident follows it: the number and its QR code (一案一码), a progress line of
// units and dates, the follow-up rating once concluded, evidence and withdrawal while it is open.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Dialog,
  Form,
  ImageUploader,
  NavBar,
  Radio,
  Result,
  Space,
  Steps,
  TextArea,
  Toast,
} from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { myCase, uploadPhoto } from '../api';
import { compressPhoto } from '../photos';
import { PhoneCheck } from '../PhoneCheck';
import { useResident } from '../resident-session';

export function CasePage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const [params] = useSearchParams();
  const { status } = useResident();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const c = useQuery({
    queryKey: ['my-case', id],
    queryFn: () => myCase(id!),
    enabled: status === 'resident',
  });
  const [satisfaction, setSatisfaction] = useState<string>('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  if (status === 'loading') return null;
  if (status !== 'resident')
    return (
      <div className="m-page">
        <NavBar back={null}>{t('resident.progress')}</NavBar>
        <PhoneCheck />
      </div>
    );
  if (c.error) return <Result status="error" title={(c.error as Error).message} />;
  if (!c.data) return null;
  const kase = c.data;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['my-case', id] });
  const fail = (err: unknown) => Toast.show({ content: err instanceof ApiError ? err.message : String(err) });

  const transition = async (body: Record<string, unknown>) => {
    setBusy(true);
    try {
      await api(`/api/cases/${kase.id}/transitions`, { body: { ...body, version: kase.version } });
      return true;
    } catch (err) {
      fail(err);
      if (err instanceof ApiError && err.status === 409) await refresh();
      return false;
    } finally {
      setBusy(false);
    }
  };
  const rate = async () => {
    if (!satisfaction) return;
    if (
      await transition({
        action: 'follow_up',
        satisfaction,
        ...(comment.trim() ? { note: comment.trim() } : {}),
      })
    ) {
      setNotice(satisfaction === 'unsatisfied' ? t('resident.reopenedNotice') : t('resident.followUpThanks'));
      await refresh();
    }
  };
  const withdraw = async () => {
    let reason = '';
    const ok = await Dialog.confirm({
      content: (
        <Space direction="vertical" block>
          <span>{t('resident.withdrawConfirm')}</span>
          <TextArea
            aria-label={t('resident.withdrawReason')}
            placeholder={t('resident.withdrawReason')}
            onChange={(v) => (reason = v)}
          />
        </Space>
      ),
    });
    if (ok && (await transition({ action: 'withdraw', reason: reason.trim() || t('resident.withdrawn') })))
      await refresh();
  };

  return (
    <div className="m-page">
      <NavBar onBack={() => navigate('/cases')}>{t('resident.progress')}</NavBar>
      {(params.get('submitted') || notice) && (
        <Result
          status="success"
          title={notice ?? t('resident.submitted')}
          description={notice ? undefined : t('resident.trackingHint')}
        />
      )}
      <div className="m-tracking">
        <div>{t('resident.trackingNo')}</div>
        <div className="m-case-no" data-testid="case-no">
          {kase.caseNo}
        </div>
        <img src={kase.qrSvg} alt={`QR ${kase.caseNo}`} data-testid="case-qr" />
        <div>
          <strong>{kase.stateText}</strong> · {kase.title}
        </div>
      </div>
      <div className="m-section">
        <Steps direction="vertical" current={kase.progress.length - 1}>
          {kase.progress.map((s, i) => (
            <Steps.Step
              key={i}
              title={s.text}
              description={new Date(s.at).toLocaleString()}
              status="finish"
            />
          ))}
        </Steps>
      </div>
      {kase.can.followUp && (
        <Form layout="vertical" mode="card">
          <Form.Header>{t('resident.followUpTitle')}</Form.Header>
          <Form.Item>
            <Radio.Group value={satisfaction} onChange={(v) => setSatisfaction(String(v))}>
              <Space direction="vertical">
                {['satisfied', 'basically_satisfied', 'unsatisfied'].map((s) => (
                  <Radio key={s} value={s}>
                    {t(`common.satisfaction.${s}`)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={<label htmlFor="m-comment">{t('resident.followUpComment')}</label>}>
            <TextArea id="m-comment" value={comment} onChange={setComment} maxLength={500} />
          </Form.Item>
          <Button block color="primary" disabled={!satisfaction} loading={busy} onClick={rate}>
            {t('resident.submit')}
          </Button>
        </Form>
      )}
      {(kase.can.attach || kase.can.withdraw) && (
        <div className="m-section">
          {kase.can.attach && (
            <Form layout="vertical" mode="card">
              <Form.Item label={t('resident.addEvidence')}>
                <ImageUploader
                  upload={async (file) => {
                    const blob = await compressPhoto(file);
                    await uploadPhoto(kase.id, blob, file.name.replace(/\.\w+$/, '') + '.jpg');
                    return { url: URL.createObjectURL(blob) };
                  }}
                />
              </Form.Item>
            </Form>
          )}
          {kase.can.withdraw && (
            <Button block color="danger" fill="outline" loading={busy} onClick={withdraw}>
              {t('resident.withdraw')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
