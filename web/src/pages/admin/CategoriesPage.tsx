// 纠纷类别 — the system administrator's taxonomy: add a category, rename or reorder it, retire it
// (no longer offered for registration; its cases keep it). Codes are fixed.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { send } from './admin-api';
import { AdminOnly } from './AdminOnly';

export interface AdminCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  sort: number;
  active: boolean;
}

export function CategoriesPage() {
  return (
    <AdminOnly role="sys_admin">
      <Categories />
    </AdminOnly>
  );
}

function Categories() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['admin', 'categories'],
    queryFn: ({ signal }) => api<AdminCategory[]>('/api/admin/categories', { signal }),
  });
  const [editing, setEditing] = useState<AdminCategory | 'new' | null>(null);
  const [form] = Form.useForm<Partial<AdminCategory>>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const original = editing && editing !== 'new' ? editing : null;

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['admin', 'categories'] });
    await queryClient.invalidateQueries({ queryKey: ['categories'] });
  };
  const fail = (err: unknown) => (err instanceof ApiError ? err.message : String(err));

  const open = (c: AdminCategory | 'new') => {
    setError(null);
    form.resetFields();
    if (c !== 'new') form.setFieldsValue(c);
    setEditing(c);
  };

  const submit = async (v: Partial<AdminCategory>) => {
    setBusy(true);
    setError(null);
    try {
      if (original) {
        const body: Record<string, unknown> = {};
        if (v.nameZh?.trim() && v.nameZh.trim() !== original.nameZh) body.nameZh = v.nameZh.trim();
        if (v.nameEn?.trim() && v.nameEn.trim() !== original.nameEn) body.nameEn = v.nameEn.trim();
        if (typeof v.sort === 'number' && v.sort !== original.sort) body.sort = v.sort;
        if (Object.keys(body).length) await send('PATCH', `/api/categories/${original.code}`, body);
      } else {
        await send('POST', '/api/admin/categories', {
          code: (v.code ?? '').trim(),
          nameZh: (v.nameZh ?? '').trim(),
          nameEn: (v.nameEn ?? '').trim(),
          ...(typeof v.sort === 'number' ? { sort: v.sort } : {}),
        });
      }
      message.success(t('admin.saved'));
      setEditing(null);
      await refresh();
    } catch (err) {
      setError(fail(err));
    } finally {
      setBusy(false);
    }
  };

  const setActive = async (c: AdminCategory, active: boolean) => {
    try {
      await send('PATCH', `/api/categories/${c.code}`, { active });
      message.success(t('admin.saved'));
      await refresh();
    } catch (err) {
      message.error(fail(err));
    }
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <div>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('admin.categories.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('admin.categories.intro')}</Typography.Paragraph>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {t('admin.categories.create')}
        </Button>
      </Space>
      <Table<AdminCategory>
        rowKey="code"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('admin.categories.sort'), dataIndex: 'sort', width: 80 },
          { title: t('admin.categories.code'), dataIndex: 'code', width: 160 },
          { title: t('admin.categories.nameZh'), dataIndex: 'nameZh' },
          { title: t('admin.categories.nameEn'), dataIndex: 'nameEn' },
          {
            title: t('admin.users.status'),
            dataIndex: 'active',
            width: 100,
            render: (a: boolean) => (
              <Tag color={a ? 'green' : 'default'}>
                {a ? t('admin.active') : t('admin.categories.retired')}
              </Tag>
            ),
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            fixed: 'right' as const,
            width: 160,
            render: (_, c) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => open(c)}>
                  {t('admin.edit')}
                </Button>
                {c.active ? (
                  <Popconfirm
                    title={`${t('admin.deactivate')} ${c.nameZh}?`}
                    onConfirm={() => setActive(c, false)}
                  >
                    <Button type="link" size="small" danger>
                      {t('admin.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => setActive(c, true)}>
                    {t('admin.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={original ? `${t('admin.edit')} · ${original.code}` : t('admin.categories.create')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        forceRender
      >
        <Form form={form} name="category" layout="vertical" onFinish={submit}>
          {error && (
            <Typography.Paragraph type="danger" role="alert">
              {error}
            </Typography.Paragraph>
          )}
          <Form.Item
            name="code"
            label={t('admin.categories.code')}
            extra={original ? undefined : t('admin.categories.codeHelp')}
            rules={[
              { required: true },
              { pattern: /^[a-z_]{1,40}$/, message: t('admin.categories.codeHelp') },
            ]}
          >
            <Input disabled={original !== null} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="nameZh"
            label={t('admin.categories.nameZh')}
            rules={[{ required: true, whitespace: true, max: 40 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('admin.categories.nameEn')}
            rules={[{ required: true, whitespace: true, max: 80 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="sort" label={t('admin.categories.sort')}>
            <InputNumber min={0} max={10000} precision={0} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
