// Pure rules of the resident H5: what a submission must hold, and how big a photo may stay.
import { isValidMobile, normalizePhone } from '../../../src/core/pii/validation';

export const MAX_PHOTOS = 6;
/** the longest side of a photo after compression on the phone */
export const PHOTO_MAX_SIDE = 1600;
/** what a compressed photo may weigh; the server's own limit is larger */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

export const phoneOk = (phone: string): boolean => isValidMobile(normalizePhone(phone));

/** The size a photo is scaled to: its longest side at most `max`, the aspect kept, never enlarged. */
export function fitWithin(
  width: number,
  height: number,
  max = PHOTO_MAX_SIDE,
): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: 0, height: 0 };
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface ResidentForm {
  categoryCode?: string;
  description?: string;
  name?: string;
  respondent?: string;
  address?: string;
  agreed?: boolean;
}

export type FormProblem = 'category' | 'description' | 'name' | 'privacy' | 'place';

/** What is missing before the form may be sent, in the order the page shows it. */
export function problemsOf(f: ResidentForm, place: string | null): FormProblem[] {
  const out: FormProblem[] = [];
  if (!place) out.push('place');
  if (!f.categoryCode) out.push('category');
  if (!f.description || f.description.trim().length < 5) out.push('description');
  if (!f.name || !f.name.trim()) out.push('name');
  if (!f.agreed) out.push('privacy');
  return out;
}

/** The registration body a resident sends: they are the applicant, with the phone they verified. */
export function registrationBody(
  f: ResidentForm,
  ctx: { phone: string; place: string; privacyNoticeVersion: string; latitude?: number; longitude?: number },
) {
  const parties: { role: 'applicant' | 'respondent'; name: string; phone?: string }[] = [
    { role: 'applicant', name: f.name!.trim(), phone: normalizePhone(ctx.phone) },
  ];
  if (f.respondent?.trim()) parties.push({ role: 'respondent', name: f.respondent.trim() });
  const description = f.description!.trim();
  return {
    channel: 'qr' as const,
    categoryCode: f.categoryCode!,
    regionCode: ctx.place,
    title: description.slice(0, 30),
    description,
    ...(f.address?.trim() ? { address: f.address.trim() } : {}),
    ...(ctx.latitude !== undefined && ctx.longitude !== undefined
      ? { latitude: ctx.latitude, longitude: ctx.longitude }
      : {}),
    parties,
    privacyNoticeVersion: ctx.privacyNoticeVersion,
  };
}
