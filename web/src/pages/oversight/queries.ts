// The oversight area's data through TanStack Query. A case's report-ins, orders and instructions
// live under the work area's case key ['case', id] (so reloading a case reloads them, and the live
// updates reach them); the area's own lists under ['oversight'].
import { useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api/client';
import { caseKey } from '../work/queries';
import type { CaseDetail } from '../work/types';
import type { CaseReportIns, Instruction, SupervisionOrder } from './types';

export const OVERSIGHT_KEY = ['oversight'] as const;

const caseChild = (caseId: string, what: string, version: number) =>
  [...caseKey(caseId), what, version] as const;

/** The case as the case page has it (its relations decide which forms show); no second fetch. */
export function useCaseDetail(caseId: string) {
  return useQuery({
    queryKey: caseKey(caseId),
    queryFn: ({ signal }) => api<CaseDetail>(`/api/cases/${caseId}`, { signal }),
    staleTime: 0,
    refetchOnMount: false,
  });
}

// each list is keyed by the case version it belongs to: any event on the case (an action here, a
// transition on the case page, another user's change) gives a new version and so a fresh read
export function useCaseReportIns(caseId: string, version: number) {
  return useQuery({
    queryKey: caseChild(caseId, 'report-ins', version),
    queryFn: ({ signal }) => api<CaseReportIns>(`/api/cases/${caseId}/report-ins`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCaseOrders(caseId: string, version: number) {
  return useQuery({
    queryKey: caseChild(caseId, 'supervision-orders', version),
    queryFn: ({ signal }) =>
      api<{ items: SupervisionOrder[] }>(`/api/cases/${caseId}/supervision-orders`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCaseInstructions(caseId: string, version: number) {
  return useQuery({
    queryKey: caseChild(caseId, 'instructions', version),
    queryFn: ({ signal }) => api<{ items: Instruction[] }>(`/api/cases/${caseId}/instructions`, { signal }),
    placeholderData: keepPreviousData,
  });
}

/**
 * After a write: the area's lists and the case lists; with a case id, that case too (its version,
 * timeline and oversight lists). The case page's cards pass none and reload the case themselves.
 */
export function useAfterWrite() {
  const queryClient = useQueryClient();
  return useCallback(
    (caseId: string | null) => {
      if (caseId) void queryClient.invalidateQueries({ queryKey: caseKey(caseId) });
      void queryClient.invalidateQueries({ queryKey: OVERSIGHT_KEY });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
    [queryClient],
  );
}

export const issueOrder = (caseId: string, body: { instructions: string; dueWorkingDays: number }) =>
  api<SupervisionOrder>(`/api/cases/${caseId}/supervision-orders`, { body });

export const answerOrder = (orderId: string, answer: string) =>
  api<SupervisionOrder>(`/api/supervision-orders/${orderId}/answer`, { body: { answer } });

export const addInstruction = (caseId: string, text: string) =>
  api<Instruction>(`/api/cases/${caseId}/instructions`, { body: { text } });

export const rateResponse = (
  caseId: string,
  unitId: string,
  body: { stars: number; comment?: string; version: number },
) => api<unknown>(`/api/cases/${caseId}/report-ins/${unitId}/rating`, { body });

/** Reports in for the user's unit (报到): the report_in transition on the case's current version. */
export async function reportIn(caseId: string): Promise<void> {
  const c = await api<{ version: number }>(`/api/cases/${caseId}`);
  await api(`/api/cases/${caseId}/transitions`, { body: { action: 'report_in', version: c.version } });
}
