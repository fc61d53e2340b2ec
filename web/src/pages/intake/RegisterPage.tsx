// 登记: a walk-in or phoned-in dispute in under a minute. Parties first (with the "known party"
// hint as soon as a number is valid), then the dispute, then photos by drag and drop. Keyboard:
// Enter moves to the next field, Ctrl+Enter submits; one Idempotency-Key per submission so a
// double click or a retry after a lost answer registers the case once. Attachments are uploaded
// after the case exists, then the receipt opens.
import { DeleteOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import type { Rule } from 'antd/es/form';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { RISK_LEVELS } from '../../../../src/core/workflow/case-model';
import { roleMayEver } from '../../../../src/core/workflow/policy';
import { ApiError, api } from '../../api/client';
import { useUser } from '../../auth/session';
import { categoryName, useCategories, type CaseDetail } from './intake-api';
import { KnownPartyHint } from './KnownPartyHint';
import { TriageHint } from './TriageHint';
import { RegionCascader } from './RegionCascader';
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_BYTES,
  MAX,
  MAX_PARTIES,
  PARTY_KINDS,
  PARTY_ROLES,
  STAFF_CHANNELS,
  attachmentError,
  attemptFor,
  buildRegisterBody,
  defaultChannel,
  idNumberError,
  keyFromBytes,
  partiesError,
  partyPhoneError,
  regionError,
  type Attempt,
  type PartyValues,
  type RegisterBody,
  type RegisterValues,
  type RuleError,
} from './registration-rules';
import './intake.css';

interface FormValues extends RegisterValues {
  attachments?: UploadFile[];
}

export interface UploadFailure {
  name: string;
  message: string;
}

const LIMIT_TEXT = `${ATTACHMENT_MAX_BYTES / 1048576} MB`;
const FOCUSABLE =
  'input:not([type=hidden]):not([type=file]):not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The field after `from` in tab order (radios count once per group, like Tab). */
function focusNext(form: HTMLElement, from: HTMLElement): void {
  const all = Array.from(form.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => {
    if (el !== from && el.offsetParent === null) return false;
    if (el instanceof HTMLInputElement && el.type === 'radio' && !el.checked) {
      const group = form.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${el.name}"]`);
      return !Array.from(group).some((r) => r.checked) && group[0] === el;
    }
    return true;
  });
  const next = all[all.indexOf(from) + 1];
  next?.focus();
}

const newKey = () => keyFromBytes(crypto.getRandomValues(new Uint8Array(16)));

export function RegisterPage() {
  const { t } = useTranslation();
  const user = useUser();
  if (!roleMayEver(user.role, 'register')) {
    return <Result status="403" title={t('common.forbidden')} subTitle={t('intake.register.forbidden')} />;
  }
  return <RegisterForm />;
}

function RegisterForm() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const attempt = useRef<Attempt | null>(null);
  const busy = useRef(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const parties = Form.useWatch('parties', form) as PartyValues[] | undefined;

  const err = (e: RuleError) => t(`intake.register.error.${e}`);
  const check =
    (fn: (v: unknown) => RuleError | null): Rule =>
    () => ({
      validator: (_, v) => {
        const e = fn(v);
        return e ? Promise.reject(new Error(err(e))) : Promise.resolve();
      },
    });
  const required: Rule = { required: true, whitespace: true, message: err('required') };

  const submit = useMutation({
    mutationFn: async ({ body, key, files }: { body: RegisterBody; key: string; files: UploadFile[] }) => {
      const created = await api<CaseDetail>('/api/cases', { body, headers: { 'idempotency-key': key } });
      const failures: UploadFailure[] = [];
      for (const [i, f] of files.entries()) {
        setProgress({ done: i, total: files.length });
        const fd = new FormData();
        fd.append('file', f.originFileObj as Blob, f.name);
        try {
          await api(`/api/cases/${created.id}/attachments`, { form: fd });
        } catch (e) {
          failures.push({ name: f.name, message: e instanceof Error ? e.message : String(e) });
        }
      }
      return { created, failures };
    },
    onSuccess: ({ created, failures }) => {
      // the next registration of the same person must see this case in the hint
      void queryClient.invalidateQueries({ queryKey: ['known-party'] });
      message.success(t('intake.register.saved', { caseNo: created.caseNo }));
      navigate(`/cases/${created.id}/receipt`, { state: { failures } });
    },
    onError: (e) => {
      // a definite refusal registered nothing: a corrected form may go with a new key
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && attempt.current) {
        attempt.current = { ...attempt.current, refused: true };
      }
    },
    onSettled: () => {
      busy.current = false;
      setProgress(null);
    },
  });

  const onFinish = (values: FormValues) => {
    if (busy.current) return; // a second click before the first answer: same submission
    busy.current = true;
    const body = buildRegisterBody(values);
    attempt.current = attemptFor(attempt.current, body, newKey);
    submit.mutate({ body, key: attempt.current.key, files: values.attachments ?? [] });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return; // Enter that ends a pinyin composition
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      form.submit();
      return;
    }
    const el = e.target as HTMLElement;
    // text areas take new lines; selects, cascaders and buttons do their own thing with Enter
    if (!(el instanceof HTMLInputElement) || el.getAttribute('role') === 'combobox') return;
    e.preventDefault();
    focusNext(e.currentTarget, el);
  };

  const categoryOptions = (categories.data ?? []).map((c) => ({
    value: c.code,
    label: categoryName(c, i18n.language),
  }));

  return (
    <div className="intake-register">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('intake.register.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" id="register-keyboard-hint">
        {t('intake.register.keyboardHint')}
      </Typography.Paragraph>
      {submit.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={submit.error.message}
          style={{ marginBottom: 16 }}
          data-testid="register-error"
        />
      )}
      <Form<FormValues>
        form={form}
        name="register"
        layout="vertical"
        requiredMark
        onFinish={onFinish}
        onKeyDown={onKeyDown}
        aria-describedby="register-keyboard-hint"
        scrollToFirstError={{ focus: true }}
        initialValues={{
          parties: [{ role: 'applicant', kind: 'person' }],
          channel: defaultChannel(user.role),
          region: [user.scopeCode],
          riskLevel: 'blue',
        }}
      >
        <Card title={t('intake.register.partiesSection')} size="small" style={{ marginBottom: 16 }}>
          <Form.List
            name="parties"
            rules={[
              {
                validator: (_, v: PartyValues[] | undefined) => {
                  const e = partiesError(v);
                  return e ? Promise.reject(new Error(err(e))) : Promise.resolve();
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, i) => {
                  const party = parties?.[field.name];
                  const org = party?.kind === 'organization';
                  return (
                    <fieldset key={field.key} className="intake-party" data-testid={`party-${i}`}>
                      <legend>
                        {t('intake.register.party', { n: i + 1 })}
                        {party?.role ? ` · ${t(`intake.register.partyRole.${party.role}`)}` : ''}
                      </legend>
                      <Row gutter={12}>
                        <Col span={4}>
                          <Form.Item
                            name={[field.name, 'role']}
                            label={t('intake.register.role')}
                            rules={[{ required: true, message: err('required') }]}
                          >
                            <Select
                              options={PARTY_ROLES.map((r) => ({
                                value: r,
                                label: t(`intake.register.partyRole.${r}`),
                              }))}
                            />
                          </Form.Item>
                        </Col>
                        <Col span={3}>
                          <Form.Item name={[field.name, 'kind']} label={t('intake.register.kind')}>
                            <Select
                              options={PARTY_KINDS.map((k) => ({
                                value: k,
                                label: t(`intake.register.partyKind.${k}`),
                              }))}
                            />
                          </Form.Item>
                        </Col>
                        <Col span={5}>
                          <Form.Item
                            name={[field.name, 'name']}
                            label={t(org ? 'intake.register.orgName' : 'intake.register.name')}
                            rules={[required]}
                          >
                            <Input maxLength={MAX.name} autoComplete="off" />
                          </Form.Item>
                        </Col>
                        <Col span={5}>
                          <Form.Item
                            name={[field.name, 'phone']}
                            label={t('intake.register.phone')}
                            dependencies={[['parties', field.name, 'role']]}
                            validateDebounce={500}
                            rules={[
                              check((v) =>
                                partyPhoneError({ ...form.getFieldValue(['parties', field.name]), phone: v }),
                              ),
                            ]}
                            required={party?.role === 'applicant'}
                          >
                            <Input
                              type="tel"
                              inputMode="tel"
                              maxLength={MAX.phone}
                              autoComplete="off"
                              placeholder={t('intake.register.phonePlaceholder')}
                            />
                          </Form.Item>
                        </Col>
                        <Col span={7}>
                          {!org && (
                            <Form.Item
                              name={[field.name, 'idNumber']}
                              label={t('intake.register.idNumber')}
                              rules={[check((v) => idNumberError(v as string | undefined))]}
                              validateDebounce={500}
                            >
                              <Input
                                maxLength={MAX.idNumber}
                                autoComplete="off"
                                spellCheck={false}
                                placeholder={t('intake.register.idNumberPlaceholder')}
                              />
                            </Form.Item>
                          )}
                        </Col>
                      </Row>
                      <Row gutter={12} align="bottom">
                        <Col span={20}>
                          <Form.Item
                            name={[field.name, 'address']}
                            label={t(org ? 'intake.register.orgAddress' : 'intake.register.partyAddress')}
                          >
                            <Input maxLength={MAX.address} autoComplete="off" />
                          </Form.Item>
                        </Col>
                        <Col span={4}>
                          <Form.Item>
                            <Button
                              icon={<DeleteOutlined />}
                              disabled={fields.length === 1}
                              onClick={() => remove(field.name)}
                              aria-label={t('intake.register.removeParty', { n: i + 1 })}
                              block
                            >
                              {t('intake.register.removeParty', { n: i + 1 })}
                            </Button>
                          </Form.Item>
                        </Col>
                      </Row>
                      <KnownPartyHint party={party} index={i} />
                    </fieldset>
                  );
                })}
                <Form.ErrorList errors={errors} />
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  disabled={fields.length >= MAX_PARTIES}
                  onClick={() => add({ role: 'respondent', kind: 'person' })}
                >
                  {t('intake.register.addParty')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card title={t('intake.register.caseSection')} size="small" style={{ marginBottom: 16 }}>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item
                name="categoryCode"
                label={t('intake.register.category')}
                rules={[{ required: true, message: err('required') }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={categoryOptions}
                  loading={categories.isLoading}
                />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name="channel"
                label={t('intake.register.channel')}
                rules={[{ required: true, message: err('required') }]}
              >
                <Select
                  options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`common.channel.${c}`) }))}
                />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="riskLevel" label={t('intake.register.riskLevel')}>
                <Radio.Group
                  optionType="button"
                  aria-label={t('intake.register.riskLevel')}
                  options={RISK_LEVELS.map((r) => ({ value: r, label: t(`common.risk.${r}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="region"
                label={t('intake.register.region')}
                required
                rules={[check((v) => regionError(v as string[] | undefined))]}
              >
                <RegionCascader scopeCode={user.scopeCode} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="address" label={t('intake.register.address')}>
                <Input maxLength={MAX.address} autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="title" label={t('intake.register.caseTitle')}>
            <Input maxLength={MAX.title} placeholder={t('intake.register.caseTitlePlaceholder')} />
          </Form.Item>
          <Form.Item name="description" label={t('intake.register.description')} rules={[required]}>
            <Input.TextArea
              rows={4}
              maxLength={MAX.description}
              showCount
              placeholder={t('intake.register.descriptionPlaceholder')}
            />
          </Form.Item>
          <TriageHint form={form} />
          <Form.Item
            name="attachments"
            label={t('intake.register.attachments')}
            valuePropName="fileList"
            getValueFromEvent={(e: { fileList: UploadFile[] } | UploadFile[]) =>
              Array.isArray(e) ? e : e.fileList
            }
          >
            <Upload.Dragger
              multiple
              accept={ATTACHMENT_ACCEPT}
              beforeUpload={(file) => {
                const e = attachmentError(file);
                if (!e) return false; // kept here, sent once the case exists
                message.error(t(`intake.register.error.${e}`, { name: file.name, limit: LIMIT_TEXT }));
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('intake.register.dropHint')}</p>
              <p className="ant-upload-hint">{t('intake.register.dropTypes', { limit: LIMIT_TEXT })}</p>
            </Upload.Dragger>
          </Form.Item>
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="register-submit">
            {submit.isPending ? t('intake.register.submitting') : t('intake.register.submit')}
          </Button>
          <Button htmlType="button" onClick={() => form.resetFields()} disabled={submit.isPending}>
            {t('intake.register.reset')}
          </Button>
          {progress && (
            <Typography.Text type="secondary" role="status">
              {t('intake.register.uploading', { done: progress.done, total: progress.total })}
            </Typography.Text>
          )}
        </Space>
      </Form>
    </div>
  );
}
