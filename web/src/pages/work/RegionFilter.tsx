// The place filter: a cascader from the user's scope node down to a grid, loaded level by level
// (GET /api/regions?parent=…). Any level can be chosen.
import { Cascader } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useRegion } from './queries';
import type { Region } from './types';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

export function RegionFilter({
  id,
  scopeCode,
  value,
  onChange,
}: {
  id: string;
  scopeCode: string;
  value: string | undefined;
  onChange: (code: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const scope = useRegion(scopeCode);
  const chosen = useRegion(value);
  // children loaded so far, by parent code
  const [kids, setKids] = useState<Record<string, Region[]>>({});
  const build = (r: Region): Option => {
    const loaded = kids[r.code];
    return {
      value: r.code,
      label: r.name,
      isLeaf: r.level === 'grid' || loaded?.length === 0,
      children: loaded?.map(build),
    };
  };
  const options = scope.data ? [build(scope.data)] : [];
  // the chosen node's names from the scope down, shown even before its levels are loaded
  const path = (chosen.data?.path ?? []).filter((r) => r.code.length >= scopeCode.length);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1];
    if (!target || kids[target.value]) return;
    const children = await api<Region[]>(`/api/regions?parent=${target.value}`);
    setKids((k) => ({ ...k, [target.value]: children }));
  };

  return (
    <Cascader<Option>
      id={id}
      options={options}
      loadData={(s) => void loadData(s)}
      changeOnSelect
      allowClear
      value={value ? path.map((r) => r.code) : []}
      displayRender={() => path.map((r) => r.name).join(' / ')}
      onChange={(codes) => onChange(codes?.length ? String(codes[codes.length - 1]) : undefined)}
      placeholder={t('work.filter.regionPlaceholder')}
      style={{ width: '100%' }}
    />
  );
}
