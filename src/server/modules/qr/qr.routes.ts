import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { ErrorBody, Uuid } from '../../http/schemas.js';
import { requireAuth, requireStaff } from '../auth/auth.plugin.js';
import type { QrFormat } from './qr.service.js';
import { assertMayPrint, caseQrSvg, findPlace, placeQr } from './qr.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** 解纷码 of centers and grids (PNG, SVG, A4 poster PDF) and 一案一码 of cases. */
export async function qrRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/qr/places/:file',
    {
      schema: {
        tags: ['qr'],
        summary:
          '解纷码 of a center or grid: `<regionCode>.png`, `.svg` or `.pdf` (A4 poster). It encodes ' +
          '`<YIMEN_PUBLIC_URL>/m/new?place=<regionCode>`. System administrator; clerks and dispatchers in scope.',
        params: Type.Object({ file: Type.String({ pattern: '^[0-9]{4,15}\\.(png|svg|pdf)$' }) }),
        response: { ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireStaff(req);
      const [regionCode, format] = (req.params as { file: string }).file.split('.') as [string, QrFormat];
      assertMayPrint(auth, regionCode);
      const place = await findPlace(deps, regionCode);
      if (!place) throw notFound();
      const file = await placeQr(deps, place, format);
      return reply
        .type(file.contentType)
        .header('cache-control', 'private, max-age=300')
        .header(
          'content-disposition',
          `${format === 'pdf' ? 'attachment' : 'inline'}; filename="${file.fileName}"`,
        )
        .send(file.body);
    },
  );

  app.get(
    '/cases/:id/qr.svg',
    {
      schema: {
        tags: ['qr'],
        summary:
          '一案一码: the case’s QR code, encoding `<YIMEN_PUBLIC_URL>/m/cases/<id>` (whoever may read the case)',
        params: Type.Object({ id: Uuid }),
        response: { ...errors },
      },
    },
    async (req, reply) => {
      const svg = await caseQrSvg(deps, requireAuth(req), (req.params as { id: string }).id);
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(svg);
    },
  );
}
