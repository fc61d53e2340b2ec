// 案件查询: the filters of GET /api/cases, kept in the URL (shareable; back returns to the last
// search), keyset paging, and the CSV export of the same filters.
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CASE_STATES, CHANNELS, RISK_LEVELS } from '../../../../src/core/workflow/case-model';
import { ApiError } from '../../api/client';
import { useUser } from '../../auth/session';
import { currentLang } from '../../i18n';
import {
  LIGHTS,
  exportUrl,
  filtersToParams,
  hasFilters,
  parseFilters,
  type CaseFilters,
} from './case-filters';
import { useBulkExport } from '../exports/BulkExport';
import { CaseTable } from './CaseTable';
import { FigureFilterTags } from './FigureFilterTags';
import { useCategories } from './queries';
import { RegionFilter } from './RegionFilter';
import { UnitFilter } from './UnitFilter';

export function CaseListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const lang = currentLang();
  const categories = useCategories();
  const [params, setParams] = useSearchParams();
  const filters = parseFilters(params);
  const [exporting, setExporting] = useState(false);
  // above the threshold the export needs a second approver: the dialog files the request
  const bulk = useBulkExport();

  // every change is a new history entry: the back button undoes it
  const set = (patch: Partial<CaseFilters>) => setParams(filtersToParams({ ...filters, ...patch }));
  const onExport = async () => {
    setExporting(true);
    try {
      await bulk.run(exportUrl(filters));
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setExporting(false);
    }
  };

  const enumOptions = (values: readonly string[], prefix: string) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  const col = { xs: 24, md: 8, xl: 4 };

  return (
    <>
      {bulk.dialog}
      <Typography.Title level={3}>{t('common.menu.cases')}</Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical" role="search" aria-label={t('work.filter.title')}>
          <Row gutter={16}>
            <Col xs={24} md={16} xl={8}>
              <Form.Item label={t('work.filter.q')} htmlFor="f-q">
                {/* keyed by the URL's text, so back and reset show what is searched */}
                <Input.Search
                  key={filters.q ?? ''}
                  id="f-q"
                  defaultValue={filters.q}
                  onSearch={(v) => set({ q: v.trim() || undefined })}
                  placeholder={t('work.filter.qPlaceholder')}
                  maxLength={100}
                  allowClear
                  enterButton={t('common.search')}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('work.filter.state')} htmlFor="f-state">
                <Select
                  id="f-state"
                  mode="multiple"
                  allowClear
                  value={filters.state ?? []}
                  onChange={(v) => set({ state: v })}
                  options={enumOptions(CASE_STATES, 'common.state')}
                  placeholder={t('work.filter.any')}
                  maxTagCount="responsive"
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('work.filter.category')} htmlFor="f-category">
                <Select
                  id="f-category"
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  value={filters.category}
                  onChange={(v?: string) => set({ category: v })}
                  options={(categories.data ?? []).map((c) => ({
                    value: c.code,
                    label: lang === 'en' ? c.nameEn : c.nameZh,
                  }))}
                  placeholder={t('work.filter.any')}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('work.filter.region')} htmlFor="f-region">
                <RegionFilter
                  id="f-region"
                  scopeCode={user.scopeCode}
                  value={filters.region}
                  onChange={(region) => set({ region })}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('work.filter.unit')} htmlFor="f-unit">
                <UnitFilter
                  id="f-unit"
                  scopeCode={user.scopeCode}
                  own={user.unitId ? { id: user.unitId, name: user.unitName ?? user.unitId } : null}
                  value={filters.unit}
                  onChange={(unit) => set({ unit, relation: undefined })}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('work.filter.channel')} htmlFor="f-channel">
                <Select
                  id="f-channel"
                  allowClear
                  value={filters.channel}
                  onChange={(v?: CaseFilters['channel']) => set({ channel: v })}
                  options={enumOptions(CHANNELS, 'common.channel')}
                  placeholder={t('work.filter.any')}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('work.filter.risk')} htmlFor="f-risk">
                <Select
                  id="f-risk"
                  allowClear
                  value={filters.risk}
                  onChange={(v?: CaseFilters['risk']) => set({ risk: v })}
                  options={enumOptions(RISK_LEVELS, 'common.risk')}
                  placeholder={t('work.filter.any')}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('work.filter.light')} htmlFor="f-light">
                <Select
                  id="f-light"
                  allowClear
                  value={filters.light}
                  onChange={(v?: CaseFilters['light']) => set({ light: v })}
                  options={enumOptions(LIGHTS, 'common.light')}
                  placeholder={t('work.filter.any')}
                />
              </Form.Item>
            </Col>
            <Col xs={24} xl={12} style={{ alignSelf: 'flex-end', marginBottom: 24 }}>
              <Space wrap>
                <Checkbox
                  checked={!!filters.overdue}
                  onChange={(e) => set({ overdue: e.target.checked || undefined })}
                >
                  {t('work.filter.overdue')}
                </Checkbox>
                <Button disabled={!hasFilters(filters)} onClick={() => setParams(new URLSearchParams())}>
                  {t('common.reset')}
                </Button>
                <Tooltip title={t('work.filter.exportHint')}>
                  <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()}>
                    {exporting ? t('work.filter.exporting') : t('work.filter.export')}
                  </Button>
                </Tooltip>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      <FigureFilterTags filters={filters} onChange={set} />
      <CaseTable filters={filters} label={t('common.menu.cases')} />
    </>
  );
}
