// 部门进驻: a center's stationed departments (常驻 / 轮驻 / 随叫随驻), its rotation rosters (who is
// on duty which day), the "on duty today" board, the window's queue numbers (叫号) and appointments.
// The center is the user's own when they work at one, else chosen among the centers of their scope.
import { useQuery } from '@tanstack/react-query';
import { Select, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import type { Unit } from '../work/types';
import { AppointmentsTab } from './AppointmentsTab';
import { BoardTab } from './BoardTab';
import { DepartmentsTab } from './DepartmentsTab';
import { QueueTab } from './QueueTab';
import { RostersTab } from './RostersTab';

const TABS = ['board', 'departments', 'rosters', 'queue', 'appointments'] as const;
type Tab = (typeof TABS)[number];

export function StationingPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const centers = useQuery({
    queryKey: ['units', 'centers', user.scopeCode],
    queryFn: () => api<Unit[]>(`/api/units?kind=center&under=${user.scopeCode}&limit=500`),
    staleTime: 3600_000,
  });
  const list = centers.data ?? [];
  const picked = params.get('center');
  const center =
    list.find((c) => c.id === picked) ?? list.find((c) => c.id === user.unitId) ?? list[0] ?? null;
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'board';
  const [, force] = useState(0);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
    force((n) => n + 1);
  };
  return (
    <>
      <Space align="center" wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('stationing.title')}
        </Typography.Title>
        <Select
          aria-label={t('stationing.pickCenter')}
          showSearch
          optionFilterProp="label"
          loading={centers.isLoading}
          style={{ minWidth: 280 }}
          value={center?.id}
          onChange={(id: string) => set('center', id)}
          options={list.map((c) => ({ value: c.id, label: c.name }))}
          data-testid="center-picker"
        />
      </Space>
      {center && (
        <Tabs
          activeKey={tab}
          onChange={(k) => set('tab', k)}
          destroyOnHidden
          items={[
            { key: 'board', label: t('stationing.tabs.board'), children: <BoardTab center={center} /> },
            {
              key: 'departments',
              label: t('stationing.tabs.departments'),
              children: <DepartmentsTab center={center} />,
            },
            { key: 'rosters', label: t('stationing.tabs.rosters'), children: <RostersTab center={center} /> },
            { key: 'queue', label: t('stationing.tabs.queue'), children: <QueueTab center={center} /> },
            {
              key: 'appointments',
              label: t('stationing.tabs.appointments'),
              children: <AppointmentsTab center={center} />,
            },
          ]}
        />
      )}
    </>
  );
}
