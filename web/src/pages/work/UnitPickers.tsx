// Choosing units for an action. A handling unit (assign, transfer, co-handler, reassign) sits at
// the case's place or above it: a tree by level with the routing rules' suggestion first. The
// departments of a whistle are those stationed at the center of the next level up.
import { useQueries, useQuery } from '@tanstack/react-query';
import { Select, Tag, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { LEVEL_CODE_LENGTHS } from '../../../../src/core/regions/region-code';
import { levelAbove } from '../../../../src/core/workflow/workflow';
import { api } from '../../api/client';
import { unitsAtQuery, useRegion } from './queries';
import type { CaseDetail, RoutingSuggestion } from './types';

interface PickerProps<V> {
  id?: string;
  value?: V;
  onChange?: (v: V) => void;
  c: CaseDetail;
  /** units that may not be chosen (the current lead, units already on the case) */
  exclude: readonly string[];
}

/** Where a unit is chosen for: a case, or a grid report (no category: no routing suggestion). */
export type UnitPlace = Pick<CaseDetail, 'regionCode'> & { categoryCode?: string };

export function useSuggestion(c: UnitPlace, enabled: boolean) {
  return useQuery({
    queryKey: ['routing', c.categoryCode, c.regionCode],
    queryFn: () =>
      api<RoutingSuggestion>(`/api/routing/suggest?category=${c.categoryCode}&region=${c.regionCode}`),
    enabled: enabled && !!c.categoryCode,
    staleTime: 600_000,
  });
}

export function HandlingUnitPicker({
  id,
  value,
  onChange,
  c,
  exclude,
}: Omit<PickerProps<string>, 'c'> & { c: UnitPlace }) {
  const { t } = useTranslation();
  const region = useRegion(c.regionCode);
  // city, county, township, village: the levels where handling units are stationed
  const levels = (region.data?.path ?? []).filter((r) => r.code.length >= 4);
  const units = useQueries({ queries: levels.map((r) => unitsAtQuery(r.code)) });
  const suggestion = useSuggestion(c, true).data?.suggestion ?? null;
  const suggested = suggestion && !exclude.includes(suggestion.unitId) ? suggestion : null;

  const treeData = [
    ...(suggested
      ? [
          {
            title: t('work.form.suggested'),
            value: 'group:suggested',
            selectable: false,
            children: [{ title: suggested.unitName, value: suggested.unitId, isSuggested: true }],
          },
        ]
      : []),
    // nearest level first: the village committee and the township before the county and city
    ...levels
      .map((r, i) => ({
        title: r.name,
        value: `group:${r.code}`,
        selectable: false,
        children: (units[i]?.data ?? [])
          .filter((u) => !exclude.includes(u.id) && u.id !== suggested?.unitId)
          .map((u) => ({ title: u.name, value: u.id })),
      }))
      .filter((g) => g.children.length > 0)
      .reverse(),
  ];

  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      treeData={treeData}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={t('work.form.unitSearch')}
      loading={region.isLoading || units.some((u) => u.isLoading)}
      treeTitleRender={(node: { title?: unknown; isSuggested?: boolean }) => (
        <span>
          {String(node.title)}
          {node.isSuggested && (
            <Tag color="gold" style={{ marginLeft: 6 }}>
              {t('work.form.suggestedTag')}
            </Tag>
          )}
        </span>
      )}
      style={{ width: '100%' }}
      listHeight={320}
    />
  );
}

/** The region node of the level above the case's handling level, on the case's own branch. */
export function levelAboveCode(c: Pick<CaseDetail, 'regionCode' | 'handlingLevel'>): string | null {
  const up = levelAbove(c.handlingLevel);
  const length = LEVEL_CODE_LENGTHS.find(([level]) => level === up)?.[1];
  return length && c.regionCode.length >= length ? c.regionCode.slice(0, length) : null;
}

export function DepartmentPicker({ id, value, onChange, c, exclude }: PickerProps<string[]>) {
  const { t } = useTranslation();
  const up = levelAboveCode(c);
  const units = useQuery({ ...unitsAtQuery(up ?? ''), enabled: !!up });
  const options = (units.data ?? [])
    .filter((u) => (u.kind === 'department' || u.kind === 'mediation_org') && !exclude.includes(u.id))
    .map((u) => ({ value: u.id, label: u.name }));
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={(v: string[]) => onChange?.(v)}
      options={options}
      loading={units.isLoading}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('work.form.unitSearch')}
      style={{ width: '100%' }}
    />
  );
}
