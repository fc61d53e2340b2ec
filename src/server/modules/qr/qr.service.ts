// 解纷码: each center (a unit of kind center) and each grid has a QR code that opens the resident
// H5 with the place preselected; as PNG, SVG or a printable A4 poster. 一案一码: each case's own.
import type { AppDeps } from '../../deps.js';
import { forbidden } from '../../http/errors.js';
import { placePosterPdf } from '../../documents/qr-poster.js';
import { caseQrUrl, placeQrUrl, qrPng, qrSvg } from '../../documents/qr.js';
import type { AuthContext } from '../auth/auth.service.js';
import { getCaseDetail } from '../cases/read-case.js';
import { fullName, pathOf } from '../regions/regions.service.js';
import * as q from './qr.queries.js';

export type QrFormat = 'png' | 'svg' | 'pdf';

export interface Place {
  regionCode: string;
  kind: 'center' | 'grid';
  name: string;
}

/** The center or grid at a region code, or null when the code is neither. */
export async function findPlace(deps: AppDeps, regionCode: string): Promise<Place | null> {
  const center = await q.centerAt(deps.db.kysely, regionCode);
  if (center) return { regionCode, kind: 'center', name: center.name };
  const path = await pathOf(deps.db, regionCode);
  const node = path.at(-1);
  if (node?.code === regionCode && node.level === 'grid')
    return { regionCode, kind: 'grid', name: fullName(path) };
  return null;
}

/** The system administrator anywhere; clerks and dispatchers within their scope. */
export function assertMayPrint(auth: AuthContext | null, regionCode: string): void {
  if (!auth || auth.kind !== 'staff') throw forbidden();
  const { role, scopeCode } = auth.user;
  if (role === 'sys_admin') return;
  if ((role === 'clerk' || role === 'dispatcher') && regionCode.startsWith(scopeCode)) return;
  throw forbidden();
}

export interface QrFile {
  body: Buffer | string;
  contentType: string;
  fileName: string;
}

/** A place's 解纷码 in one format; 404 for a code that is neither a center's nor a grid's. */
export async function placeQr(deps: AppDeps, place: Place, format: QrFormat): Promise<QrFile> {
  const url = placeQrUrl(deps.config.publicUrl, place.regionCode);
  const fileName = `jiefenma-${place.regionCode}.${format}`;
  switch (format) {
    case 'png':
      return { body: await qrPng(url), contentType: 'image/png', fileName };
    case 'svg':
      return { body: await qrSvg(url), contentType: 'image/svg+xml; charset=utf-8', fileName };
    case 'pdf':
      return {
        body: await placePosterPdf({
          placeName: place.name,
          regionCode: place.regionCode,
          url,
          createdAt: deps.clock(),
        }),
        contentType: 'application/pdf',
        fileName,
      };
  }
}

/** A case's own QR code (一案一码), for whoever may read the case (404 otherwise). */
export async function caseQrSvg(deps: AppDeps, auth: AuthContext, caseId: string): Promise<string> {
  await getCaseDetail(deps, auth, caseId);
  return qrSvg(caseQrUrl(deps.config.publicUrl, caseId));
}
