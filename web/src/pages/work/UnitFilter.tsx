// The unit filter: the units stationed at the user's scope node (and the user's own unit) to
// start with; typing searches every unit by name (GET /api/units?q=…).
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { unitsAtQuery } from './queries';
import type { Unit } from './types';

// names of units picked before, so a filter restored from the URL shows a name, not an id
const KNOWN_KEY = 'yimen.work.unitNames';
function knownNames(): Record<string, string> {
  try {
    return JSON.parse(sessionStorage.getItem(KNOWN_KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}
function remember(id: string, name: string) {
  sessionStorage.setItem(KNOWN_KEY, JSON.stringify({ ...knownNames(), [id]: name }));
}

export function UnitFilter({
  id,
  scopeCode,
  own,
  value,
  onChange,
}: {
  /** inside a Form.Item, leave it out: the item gives its own, which its label points at */
  id?: string;
  scopeCode: string;
  own: { id: string; name: string } | null;
  value: string | undefined;
  onChange: (unitId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const search = useDeferredValue(text.trim());
  const local = useQuery(unitsAtQuery(scopeCode));
  const found = useQuery({
    queryKey: ['units', 'search', search],
    queryFn: () => api<Unit[]>(`/api/units?q=${encodeURIComponent(search)}&limit=30`),
    enabled: search.length > 0,
    staleTime: 60_000,
  });
  const units = search ? (found.data ?? []) : (local.data ?? []);
  const options = new Map<string, string>();
  if (own && !search) options.set(own.id, own.name);
  for (const u of units) options.set(u.id, u.name);
  if (value && !options.has(value)) options.set(value, knownNames()[value] ?? value);

  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value}
      placeholder={t('work.filter.unitPlaceholder')}
      loading={found.isFetching}
      options={[...options].map(([v, label]) => ({ value: v, label }))}
      onChange={(v: string | undefined) => {
        if (v) remember(v, options.get(v) ?? v);
        setText('');
        onChange(v);
      }}
      style={{ width: '100%' }}
    />
  );
}
