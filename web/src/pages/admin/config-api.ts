// What the system administrator's configuration pages read: categories (for names), routing rules,
// time limits and the calendar's years. Shapes follow src/server/modules/{routing,deadlines,calendar}.
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { AdminCategory } from './CategoriesPage';
import type { RoutingRule, TimeLimit } from './config-forms';

/** At most this many rules per list (the server's limit); a city has a few hundred. */
export const RULES_LIMIT = 1000;

export interface CalendarOverview {
  currentYear: number;
  nextYear: number;
  fallbackYears: number[];
  warning: boolean;
  years: { year: number; source: 'package' | 'custom'; updatedAt: string | null }[];
}

export interface CalendarYear {
  year: number;
  known: boolean;
  source: 'package' | 'custom' | null;
  holidays: string[];
  workdays: string[];
}

export function useAdminCategories() {
  return useQuery({
    queryKey: ['admin', 'categories'],
    queryFn: ({ signal }) => api<AdminCategory[]>('/api/admin/categories', { signal }),
    staleTime: 60_000,
  });
}

export function useRoutingRules(region: string | null) {
  return useQuery({
    queryKey: ['admin', 'routing', region],
    queryFn: ({ signal }) =>
      api<RoutingRule[]>(`/api/routing/rules${qs({ region: region!, limit: RULES_LIMIT })}`, { signal }),
    enabled: region !== null,
  });
}

export function useTimeLimits() {
  return useQuery({
    queryKey: ['admin', 'time-limits'],
    queryFn: ({ signal }) => api<TimeLimit[]>('/api/time-limits', { signal }),
  });
}

export function useCalendarOverview() {
  return useQuery({
    queryKey: ['admin', 'calendar'],
    queryFn: ({ signal }) => api<CalendarOverview>('/api/calendar/years', { signal }),
  });
}

export function useCalendarYear(year: number | null) {
  return useQuery({
    queryKey: ['admin', 'calendar', year],
    queryFn: ({ signal }) => api<CalendarYear>(`/api/calendar/years/${year}`, { signal }),
    enabled: year !== null,
  });
}
