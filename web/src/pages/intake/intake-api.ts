// What the intake pages read from the API: categories, region nodes, a case (for the receipt and
// the decline notice) and the known-party look-up. Shapes follow the server's answers.
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { CaseState, Channel, HandlingLevel, RiskLevel } from '../../../../src/core/workflow/case-model';
import type { KnownCase, KnownQuery, PartyKind, PartyRole, TimelineEvent } from './registration-rules';

export interface Category {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface RegionNode {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export interface RegionWithPath extends RegionNode {
  fullName: string;
  path: RegionNode[];
}

/** The part of GET /api/cases/:id the intake pages read. */
export interface CaseDetail {
  id: string;
  caseNo: string;
  title: string;
  description: string;
  state: CaseState;
  categoryCode: string;
  channel: Channel;
  regionCode: string;
  regionName: string | null;
  address: string | null;
  riskLevel: RiskLevel;
  handlingLevel: HandlingLevel;
  centerName: string | null;
  ownerUnitName: string | null;
  version: number;
  createdAt: string;
  parties: {
    id: string;
    role: PartyRole;
    kind: PartyKind;
    name: string;
    phone: string | null;
    idNumber: string | null;
    address: string | null;
  }[];
  timeline: TimelineEvent[];
}

export function useCategories() {
  return useQuery({
    queryKey: ['categories'],
    queryFn: ({ signal }) => api<Category[]>('/api/categories', { signal }),
    staleTime: 10 * 60_000,
  });
}

export const categoryName = (c: Category | undefined, lang: string) =>
  c ? (lang === 'en' ? c.nameEn : c.nameZh) : '';

export const regionChildren = (parent: string) => api<RegionNode[]>(`/api/regions${qs({ parent })}`);

export function useRegion(code: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['region', code],
    queryFn: ({ signal }) => api<RegionWithPath>(`/api/regions/${encodeURIComponent(code)}`, { signal }),
    staleTime: 10 * 60_000,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: ['case', id],
    queryFn: ({ signal }) => api<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, { signal }),
  });
}

/** One look-up of earlier cases; every call is audited on the server, so answers are kept a while. */
export function useKnownParty(query: KnownQuery | null) {
  return useQuery({
    queryKey: ['known-party', query],
    queryFn: ({ signal }) =>
      api<{ items: KnownCase[]; more: boolean }>(`/api/parties/known${qs({ ...query })}`, { signal }),
    enabled: query !== null,
    staleTime: 5 * 60_000,
    retry: false,
  });
}
