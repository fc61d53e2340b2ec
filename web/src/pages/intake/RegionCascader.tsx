// The place of a dispute: the region tree from the user's scope node down to the grid, each level
// loaded when opened (a township has dozens of villages, a village a few grids).
import { Cascader } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { regionChildren, useRegion, type RegionNode } from './intake-api';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

const toOption = (r: RegionNode): Option => ({ value: r.code, label: r.name, isLeaf: r.level === 'grid' });

export interface RegionCascaderProps {
  /** the signed-in user's scope: the root of what can be chosen */
  scopeCode: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

export function RegionCascader({ scopeCode, value, onChange, ...rest }: RegionCascaderProps) {
  const { t } = useTranslation();
  const root = useRegion(scopeCode);
  // children of each opened node, by its code; the option tree is built from them
  const [children, setChildren] = useState<Record<string, RegionNode[]>>({});
  const options = useMemo(() => {
    const build = (r: RegionNode): Option => {
      const kids = children[r.code];
      const o = toOption(r);
      if (kids) return { ...o, isLeaf: o.isLeaf || kids.length === 0, children: kids.map(build) };
      return o;
    };
    return root.data ? [build(root.data)] : [];
  }, [root.data, children]);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1];
    if (!target || children[target.value]) return;
    const kids = await regionChildren(target.value);
    setChildren((c) => ({ ...c, [target.value]: kids }));
  };

  return (
    <Cascader<Option>
      {...rest}
      options={options}
      loadData={loadData}
      changeOnSelect
      value={value}
      onChange={(v) => onChange?.((v ?? []) as string[])}
      loading={root.isLoading}
      placeholder={t('intake.register.regionHelp')}
      displayRender={(labels) => labels.join(' / ')}
      style={{ width: '100%' }}
      expandTrigger="click"
    />
  );
}
