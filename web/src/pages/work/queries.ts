// Data the work pages share, through TanStack Query: reference lists change rarely and are kept
// for the session; a case is re-read after every action.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Lang } from '../../i18n';
import type { CaseDetail, Category, RegionWithPath, Unit } from './types';

const HOUR = 3600_000;

export function useCategories() {
  return useQuery({
    queryKey: ['categories'],
    queryFn: () => api<Category[]>('/api/categories'),
    staleTime: HOUR,
  });
}

/** A category's name in the interface language (the code when the list is not there yet). */
export function categoryName(categories: Category[] | undefined, code: string, lang: Lang): string {
  const c = categories?.find((x) => x.code === code);
  return c ? (lang === 'en' ? c.nameEn : c.nameZh) : code;
}

export function useRegion(code: string | null | undefined) {
  return useQuery({
    queryKey: ['region', code],
    queryFn: () => api<RegionWithPath>(`/api/regions/${code}`),
    enabled: !!code,
    staleTime: HOUR,
  });
}

/** Units stationed exactly at a region node. */
export function unitsAtQuery(code: string) {
  return {
    queryKey: ['units', 'at', code],
    queryFn: () => api<Unit[]>(`/api/units?region=${code}&limit=500`),
    staleTime: HOUR,
  };
}

export const caseKey = (id: string) => ['case', id] as const;

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKey(id),
    queryFn: ({ signal }) => api<CaseDetail>(`/api/cases/${id}`, { signal }),
    staleTime: 0,
  });
}
