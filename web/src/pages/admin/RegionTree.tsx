// The region tree from a root node down, each level loaded when opened (a township has dozens of
// villages, a village a few grids). Children are queries, so a change elsewhere on the page that
// invalidates ['regions'] (a grid added, a node renamed) shows here without further wiring.
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { Spin, Tree } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { regionChildren, useRegion, type RegionNode } from './admin-api';

export interface RegionTreeProps {
  rootCode: string;
  selected: string | null;
  onSelect: (node: RegionNode) => void;
  /** nodes below this level are not shown (the units page stops at villages) */
  deepest?: RegionNode['level'];
}

const ORDER: RegionNode['level'][] = ['province', 'city', 'county', 'township', 'village', 'grid'];
const childrenQuery = (code: string) => ({
  queryKey: ['regions', 'children', code],
  queryFn: ({ signal }: { signal: AbortSignal }) => regionChildren(code, signal),
  staleTime: 60_000,
});

export function RegionTree({ rootCode, selected, onSelect, deepest = 'grid' }: RegionTreeProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const root = useRegion(rootCode);
  const [loaded, setLoaded] = useState<string[]>([rootCode]);
  const [expanded, setExpanded] = useState<string[]>([rootCode]);
  const results = useQueries({ queries: loaded.map(childrenQuery) });

  const shown = (kids: RegionNode[] | undefined) =>
    kids?.filter((k) => ORDER.indexOf(k.level) <= ORDER.indexOf(deepest));
  const childrenOf = new Map(loaded.map((code, i) => [code, shown(results[i]?.data)]));
  const nodes = new Map<string, RegionNode>();
  if (root.data) nodes.set(root.data.code, root.data);
  for (const kids of childrenOf.values()) for (const k of kids ?? []) nodes.set(k.code, k);

  const build = (r: RegionNode): DataNode => {
    const kids = childrenOf.get(r.code);
    return {
      key: r.code,
      title: r.name,
      isLeaf: r.level === deepest || kids?.length === 0,
      children: kids?.map(build),
    };
  };
  const treeData = root.data ? [build(root.data)] : [];

  const loadData = async (node: EventDataNode<DataNode>) => {
    const code = String(node.key);
    await queryClient.ensureQueryData(childrenQuery(code));
    setLoaded((l) => (l.includes(code) ? l : [...l, code]));
  };

  if (root.isLoading) return <Spin aria-label={t('common.loading')} />;
  return (
    <nav aria-label={t('admin.units.regionTree')}>
      <Tree
        treeData={treeData}
        loadData={loadData}
        loadedKeys={loaded}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys.map(String))}
        selectedKeys={selected ? [selected] : []}
        onSelect={(keys) => {
          const node = keys[0] === undefined ? undefined : nodes.get(String(keys[0]));
          if (node) onSelect(node);
        }}
        height={560}
        blockNode
      />
    </nav>
  );
}
