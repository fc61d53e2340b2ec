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
