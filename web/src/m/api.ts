// The resident API as the H5 reads it.
import { api } from '../api/client';

export interface Category {
  code: string;
  nameZh: string;
  nameEn: string;
}
export interface PrivacyNotice {
  version: string;
  text: string;
}
/** one step of the progress line, worded for residents by the server in the page's language */
export interface ProgressStep {
  seq: number;
  at: string;
  action: string;
  text: string;
  unitName: string | null;
}
export interface ResidentCase {
  id: string;
  caseNo: string;
  title: string;
  categoryName: string | null;
  regionName: string | null;
  state: string;
  stateText: string;
  satisfaction: string | null;
  version: number;
  createdAt: string;
  progress: ProgressStep[];
  can: { followUp: boolean; withdraw: boolean; attach: boolean };
  link: string;
  /** the URL of the case's QR code (SVG) */
  qrSvg: string;
}

export const getCategories = () => api<Category[]>('/api/categories');
export const getRegion = (code: string) =>
  api<{ code: string; name: string; fullName: string }>(`/api/regions/${code}`);

/** The notice in the page's language, with the version the registration must carry. */
export async function getPrivacyNotice(lang: string): Promise<PrivacyNotice> {
  const raw = await api<{ version: string; text: { zh: string; en: string } }>(
    '/api/resident/privacy-notice',
  );
  return { version: raw.version, text: lang === 'en' ? raw.text.en : raw.text.zh };
}

export const myCases = () => api<{ items: ResidentCase[] }>('/api/resident/cases');
export const myCase = (id: string) => api<ResidentCase>(`/api/resident/cases/${id}`);

export async function uploadPhoto(caseId: string, blob: Blob, name: string): Promise<void> {
  const form = new FormData();
  form.append('file', blob, name);
  await api(`/api/cases/${caseId}/attachments`, { form });
}

/** One of my own party records in 我的信息 (in clear: the data is mine). */
export interface MyRecord {
  id: string;
  caseId: string;
  role: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
  restrictedAt: string | null;
}
export interface MyData {
  cases: (ResidentCase & { myRecords: MyRecord[]; retainedUntil: string | null })[];
  accessLog: {
    at: string;
    caseNo: string;
    field: string;
    reason: string;
    role: string;
    unit: string | null;
  }[];
}
export interface PiRequest {
  id: string;
  kind: 'correction' | 'deletion';
  caseNo: string | null;
  field: string | null;
  newValue: string | null;
  reason: string;
  status: 'pending' | 'completed' | 'restricted' | 'rejected';
  createdAt: string;
  dueAt: string;
  decisionNote: string | null;
  retainedUntil: string | null;
}

/** The export as the server sends it (the same text is what the resident downloads). */
export async function myDataText(): Promise<string> {
  return JSON.stringify(await api<unknown>('/api/resident/my-data'), null, 2);
}
export const myRequests = () => api<{ items: PiRequest[] }>('/api/resident/pi-requests');
export const fileRequest = (body: Record<string, unknown>) =>
  api<PiRequest>('/api/resident/pi-requests', { body });
