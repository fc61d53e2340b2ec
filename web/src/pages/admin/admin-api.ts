// What the administrators' pages read and write. Shapes follow the server's answers
// (src/server/modules/users, admin).
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { Page } from '../../api/types';

export interface RegionNode {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township' | 'village' | 'grid';
  parentCode: string | null;
}

export interface RegionWithPath extends RegionNode {
  fullName: string;
  path: RegionNode[];
}

/** A unit as the public reference list gives it (active units only). */
export interface PublicUnit {
  id: string;
  code: string;
  name: string;
  kind: string;
  regionCode: string;
}

export const regionChildren = (parent: string, signal?: AbortSignal) =>
  api<RegionNode[]>(`/api/regions${qs({ parent })}`, { signal });

export function useRegion(code: string | null) {
  return useQuery({
    queryKey: ['regions', 'one', code],
    queryFn: ({ signal }) => api<RegionWithPath>(`/api/regions/${code}`, { signal }),
    enabled: code !== null,
    staleTime: 60_000,
  });
}

export function useRegionChildren(parent: string | null) {
  return useQuery({
    queryKey: ['regions', 'children', parent],
    queryFn: ({ signal }) => regionChildren(parent!, signal),
    enabled: parent !== null,
    staleTime: 60_000,
  });
}

/** A keyset-paged list: pages come one after another by `nextCursor`. */
export function usePaged<T>(key: unknown[], url: string, params: Record<string, unknown>, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...key, params],
    queryFn: ({ pageParam, signal }) =>
      api<Page<T>>(`${url}${qs({ ...params, cursor: pageParam ?? undefined })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

export const send = <T = unknown>(method: 'POST' | 'PATCH', url: string, body: unknown) =>
  api<T>(url, { method, body });
