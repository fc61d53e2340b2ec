// 区划管理 — the system administrator browses the region tree, corrects a node's name and adds
// grids under a village. Codes are the statistical codes: never changed, never removed.
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useUser } from '../../auth/session';
import { send, useRegion, type RegionNode } from './admin-api';
import { AdminOnly } from './AdminOnly';
import { RegionTree } from './RegionTree';

export function RegionsPage() {
  return (
    <AdminOnly role="sys_admin">
      <Regions />
    </AdminOnly>
  );
}

type Dialog = 'rename' | 'grid' | null;

function Regions() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<RegionNode | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const detail = useRegion(selected?.code ?? null);
  const [form] = Form.useForm<{ name?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { name?: string }) => {
    if (!selected) return;
    setBusy(true);
    setError(null);
    try {
      if (dialog === 'rename') {
        await send('PATCH', `/api/admin/regions/${selected.code}`, { name: (v.name ?? '').trim() });
        message.success(t('admin.saved'));
        setSelected({ ...selected, name: (v.name ?? '').trim() });
      } else {
        const name = v.name?.trim();
        const grid = await send<RegionNode>('POST', '/api/admin/regions', {
          parentCode: selected.code,
          ...(name ? { name } : {}),
        });
        message.success(t('admin.regions.added', { name: grid.name, code: grid.code }));
      }
      await queryClient.invalidateQueries({ queryKey: ['regions'] });
      setDialog(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const open = (d: Dialog) => {
    setError(null);
    form.setFieldsValue({ name: d === 'rename' ? selected?.name : '' });
    setDialog(d);
  };

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.regions.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.regions.intro')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('admin.units.regionTree')}>
            <RegionTree rootCode={user.scopeCode} selected={selected?.code ?? null} onSelect={setSelected} />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title={selected ? selected.name : t('admin.regions.pick')}>
            {!selected ? (
              <Empty description={t('admin.regions.pick')} />
            ) : (
              <>
                <Descriptions column={1} size="small" bordered>
                  <Descriptions.Item label={t('admin.regions.name')}>
                    {detail.data?.fullName ?? selected.name}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('admin.regions.code')}>{selected.code}</Descriptions.Item>
                  <Descriptions.Item label={t('admin.regions.level')}>
                    {t(`admin.regions.levels.${selected.level}`)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('admin.regions.parent')}>
                    {detail.data?.path.at(-2)?.name ?? '—'}
                  </Descriptions.Item>
                </Descriptions>
                <Space style={{ marginTop: 16 }}>
                  <Button onClick={() => open('rename')}>{t('admin.regions.rename')}</Button>
                  {selected.level === 'village' && (
                    <Button type="primary" onClick={() => open('grid')}>
                      {t('admin.regions.addGrid')}
                    </Button>
                  )}
                </Space>
              </>
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={dialog !== null}
        title={dialog === 'rename' ? t('admin.regions.rename') : t('admin.regions.addGrid')}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        forceRender
      >
        <Form form={form} name="region" layout="vertical" onFinish={submit}>
          {error && (
            <Typography.Paragraph type="danger" role="alert">
              {error}
            </Typography.Paragraph>
          )}
          <Form.Item
            name="name"
            label={dialog === 'rename' ? t('admin.regions.name') : t('admin.regions.gridName')}
            extra={dialog === 'grid' ? t('admin.regions.gridNameHelp') : undefined}
            rules={[{ required: dialog === 'rename', whitespace: true, max: 60 }]}
          >
            <Input autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
