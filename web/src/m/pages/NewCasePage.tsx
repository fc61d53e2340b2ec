// 我要反映: the form a resident fills after scanning a 解纷码, the place preselected by the code.
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Checkbox,
  Form,
  ImageUploader,
  Input,
  NavBar,
  Popup,
  Selector,
  TextArea,
  Toast,
  type ImageUploadItem,
} from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { getCategories, getPrivacyNotice, getRegion, uploadPhoto } from '../api';
import { compressPhoto } from '../photos';
import { LangSwitch } from '../LangSwitch';
import { PhoneCheck } from '../PhoneCheck';
import { useResident } from '../resident-session';
import { MAX_PHOTOS, phoneOk, problemsOf, registrationBody, type ResidentForm } from '../resident-rules';

export function NewCasePage() {
  const { t, i18n } = useTranslation();
  const { status } = useResident();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const place = params.get('place');
  const [form, setForm] = useState<ResidentForm>({});
  const [phone, setPhone] = useState(() => sessionStorage.getItem('yimen.residentPhone') ?? '');
  const [photos, setPhotos] = useState<{ item: ImageUploadItem; blob: Blob }[]>([]);
  const [coords, setCoords] = useState<{ latitude: number; longitude: number } | null>(null);
  const [showNotice, setShowNotice] = useState(false);
  const [busy, setBusy] = useState(false);
  const categories = useQuery({ queryKey: ['categories'], queryFn: getCategories });
  const region = useQuery({
    queryKey: ['region', place],
    queryFn: () => getRegion(place!),
    enabled: !!place,
  });
  const notice = useQuery({
    queryKey: ['privacy', i18n.language],
    queryFn: () => getPrivacyNotice(i18n.language),
  });
  const set = (patch: Partial<ResidentForm>) => setForm((f) => ({ ...f, ...patch }));

  if (status === 'loading') return null;
  if (status !== 'resident')
    return (
      <div className="m-page">
        <NavBar back={null} right={<LangSwitch />}>
          {t('resident.title')}
        </NavBar>
        <PhoneCheck onPhone={setPhone} />
      </div>
    );

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => {
        setCoords({ latitude: p.coords.latitude, longitude: p.coords.longitude });
        Toast.show({ content: t('resident.locationSaved') });
      },
      () => Toast.show({ content: t('resident.locationFailed') }),
      { timeout: 10_000 },
    );

  const submit = async () => {
    const problems = problemsOf(form, place);
    if (problems.length === 1 && problems[0] === 'privacy') {
      setShowNotice(true);
      return;
    }
    if (problems.length || !phoneOk(phone)) {
      Toast.show({ content: problems.length ? t('resident.required') : t('resident.badPhone') });
      return;
    }
    setBusy(true);
    try {
      const body = registrationBody(form, {
        phone,
        place: place!,
        privacyNoticeVersion: notice.data?.version ?? '',
        ...(coords ?? {}),
      });
      const created = await api<{ id: string; caseNo: string }>('/api/cases', {
        body,
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      for (const [i, p] of photos.entries()) await uploadPhoto(created.id, p.blob, `photo-${i + 1}.jpg`);
      navigate(`/cases/${created.id}?submitted=1`, { replace: true });
    } catch (err) {
      Toast.show({ content: err instanceof ApiError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="m-page">
      <NavBar
        back={null}
        right={
          <>
            <a href="/m/cases">{t('resident.myCases')}</a>
            <LangSwitch />
          </>
        }
      >
        {t('resident.newCase')}
      </NavBar>
      <Form layout="vertical" mode="card">
        <Form.Item label={t('resident.place')}>
          <span data-testid="place-name">
            {place ? (region.data?.fullName ?? place) : t('resident.placeUnknown')}
          </span>
        </Form.Item>
        <Form.Item label={t('resident.category')} required>
          <Selector
            columns={2}
            options={(categories.data ?? []).map((c) => ({
              value: c.code,
              label: i18n.language === 'en' ? c.nameEn : c.nameZh,
            }))}
            value={form.categoryCode ? [form.categoryCode] : []}
            onChange={(v) => set({ categoryCode: v[0] })}
          />
        </Form.Item>
        <Form.Item label={<label htmlFor="m-description">{t('resident.description')}</label>} required>
          <TextArea
            id="m-description"
            rows={5}
            maxLength={2000}
            showCount
            placeholder={t('resident.descriptionPlaceholder')}
            value={form.description ?? ''}
            onChange={(v) => set({ description: v })}
          />
        </Form.Item>
        <Form.Item label={t('resident.photos')}>
          <ImageUploader
            maxCount={MAX_PHOTOS}
            value={photos.map((p) => p.item)}
            onChange={(items) => setPhotos((ps) => ps.filter((p) => items.some((i) => i.key === p.item.key)))}
            upload={async (file) => {
              try {
                const blob = await compressPhoto(file);
                const item = { key: crypto.randomUUID(), url: URL.createObjectURL(blob) };
                setPhotos((ps) => [...ps, { item, blob }]);
                return item;
              } catch {
                Toast.show({ content: t('resident.photoTooLarge') });
                throw new Error('too large');
              }
            }}
          />
        </Form.Item>
        <Form.Item label={<label htmlFor="m-name">{t('resident.yourName')}</label>} required>
          <Input id="m-name" autoComplete="name" value={form.name ?? ''} onChange={(v) => set({ name: v })} />
        </Form.Item>
        {!sessionStorage.getItem('yimen.residentPhone') && (
          <Form.Item label={<label htmlFor="m-phone2">{t('resident.phone')}</label>} required>
            <Input id="m-phone2" type="tel" value={phone} onChange={setPhone} />
          </Form.Item>
        )}
        <Form.Item label={<label htmlFor="m-respondent">{t('resident.respondent')}</label>}>
          <Input id="m-respondent" value={form.respondent ?? ''} onChange={(v) => set({ respondent: v })} />
        </Form.Item>
        <Form.Item
          label={<label htmlFor="m-address">{t('resident.address')}</label>}
          extra={
            <Button size="mini" onClick={locate}>
              {coords ? t('resident.locationSaved') : t('resident.useLocation')}
            </Button>
          }
        >
          <Input id="m-address" value={form.address ?? ''} onChange={(v) => set({ address: v })} />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={!!form.agreed} onChange={(v) => set({ agreed: v })}>
            {t('resident.privacyAgree')}
          </Checkbox>{' '}
          <a role="button" tabIndex={0} onClick={() => setShowNotice(true)}>
            {t('resident.privacyTitle')}
          </a>
        </Form.Item>
      </Form>
      <div className="m-section">
        <Button block color="primary" size="large" loading={busy} onClick={submit}>
          {t('resident.submit')}
        </Button>
      </div>
      <Popup
        visible={showNotice}
        onMaskClick={() => setShowNotice(false)}
        bodyStyle={{ maxHeight: '70vh', overflow: 'auto', padding: 16 }}
      >
        <h3>{t('resident.privacyTitle')}</h3>
        <div style={{ whiteSpace: 'pre-wrap' }} data-testid="privacy-text">
          {notice.data?.text}
        </div>
        <Button
          block
          onClick={() => {
            set({ agreed: true });
            setShowNotice(false);
          }}
        >
          {t('resident.privacyAgree')}
        </Button>
      </Popup>
    </div>
  );
}
