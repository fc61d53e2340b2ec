// Adding or editing one record of base information. The fields come from base-rules.ts; the place
// is a grid chosen from the user's scope down. An edit never shows personal data in clear: those
// fields start empty and stay as they are unless retyped.
import { App, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { TFunction } from 'i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ETHNICITIES } from '../../../../src/core/base-info/fields';
import { selfAndAncestors } from '../../../../src/core/regions/region-code';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { RegionCascader } from '../intake/RegionCascader';
import { FormModal } from '../oversight/parts';
import { itemUrl, type BaseKind, type BaseRecord } from './base-api';
import {
  FIELDS,
  createBody,
  editValues,
  factsToFill,
  fieldError,
  patchBody,
  type FieldDef,
  type FormValues,
} from './base-rules';

/** The label of a coded value (民族 by its GB/T 3304 name, the rest from the word tables). */
export function optionLabel(t: TFunction, group: string, code: string): string {
  if (group === 'ethnicity') return ETHNICITIES[code] ?? code;
  return t(`base.option.${group}.${code}`, { defaultValue: code });
}

const OWN_WORDS: Partial<Record<BaseKind, Record<string, string>>> = {
  houses: { address: 'houseAddress' },
  organizations: { name: 'orgName', address: 'orgAddress' },
};
/** The field's word: an organization's name is 单位名称 (not 姓名), a house's address 房屋地址 … */
export const fieldLabel = (t: TFunction, kind: BaseKind, name: string) =>
  t(`base.field.${OWN_WORDS[kind]?.[name] ?? name}`);

type Values = FormValues & { regionPath?: string[] };

export function BaseForm({
  kind,
  record,
  onClose,
  onSaved,
}: {
  kind: BaseKind;
  record?: BaseRecord;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const editing = !!record;
  const original = (record ?? {}) as unknown as Record<string, unknown>;
  const initial: Values = record
    ? {
        ...editValues(kind, original),
        regionPath: selfAndAncestors(record.regionCode).filter((c) => c.length >= user.scopeCode.length),
      }
    : {};

  const valuesOf = (v: Values): FormValues => {
    const { regionPath, ...rest } = v;
    return { ...rest, regionCode: regionPath?.[regionPath.length - 1] };
  };
  const rule = (def: FieldDef) => ({
    validator: (_: unknown, v: unknown) => {
      const value = def.type === 'region' ? (v as string[] | undefined)?.at(-1) : v;
      const e = fieldError(def, value, editing);
      return e ? Promise.reject(new Error(t(`base.error.${e}`))) : Promise.resolve();
    },
  });

  const input = (def: FieldDef) => {
    switch (def.type) {
      case 'region':
        return <RegionCascader scopeCode={user.scopeCode} />;
      case 'select':
        return (
          <Select
            allowClear={!def.required}
            showSearch={{ optionFilterProp: 'label' }}
            options={(def.options ?? []).map((o) => ({ value: o, label: optionLabel(t, def.optionsOf!, o) }))}
          />
        );
      case 'date':
        return <DatePicker style={{ width: '100%' }} />;
      case 'number':
        return <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />;
      case 'textarea':
        return <Input.TextArea rows={2} maxLength={def.max} />;
      case 'idNumber':
        return (
          <Input
            maxLength={18}
            placeholder={editing ? t('base.keepPersonal') : undefined}
            onBlur={() => form.setFieldsValue(factsToFill(form.getFieldsValue(true) as FormValues))}
          />
        );
      case 'phone':
        return <Input maxLength={30} placeholder={editing ? t('base.keepPersonal') : undefined} />;
      case 'creditCode':
        return <Input maxLength={18} />;
      case 'domicile':
        return <Input maxLength={12} placeholder={t('base.domicileHelp')} />;
      default:
        return (
          <Input
            maxLength={def.max}
            placeholder={editing && def.personal ? t('base.keepPersonal') : undefined}
          />
        );
    }
  };

  return (
    <FormModal<Values>
      title={editing ? t('base.edit') : t(`base.create.${kind}`)}
      form={form}
      testId="base-form"
      initialValues={initial}
      onClose={onClose}
      submit={async (v) => {
        const values = valuesOf(v);
        if (record) {
          const body = patchBody(kind, values, original);
          if (Object.keys(body).length > 0) {
            await api(itemUrl(kind, record.id), { method: 'PATCH', body });
          }
          void message.success(t('base.saved'));
          onSaved(record.id);
        } else {
          const created = await api<{ id: string }>(`/api/base/${kind}`, { body: createBody(kind, values) });
          void message.success(t('base.saved'));
          onSaved(created.id);
        }
      }}
    >
      {FIELDS[kind].map((def) => {
        const extra =
          def.type === 'region'
            ? t('base.gridHelp')
            : editing && def.personal
              ? t('base.personalKept', { value: String(original[def.name] ?? '—') })
              : undefined;
        return (
          <Form.Item
            key={def.name}
            name={def.type === 'region' ? 'regionPath' : def.name}
            label={fieldLabel(t, kind, def.name)}
            required={def.required && !(editing && def.personal)}
            rules={[rule(def)]}
            extra={extra}
            {...(def.type === 'date'
              ? {
                  getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : null }),
                  normalize: (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined),
                }
              : {})}
          >
            {input(def)}
          </Form.Item>
        );
      })}
    </FormModal>
  );
}
