import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { decodeQrPng } from '../../../../test/helpers/qr-decode.js';

let t: TestApp;
let admin: Client;
let clerk: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('sysadmin');
  clerk = await t.login('clerk.yanbei');
});
afterAll(async () => t?.close());

const CENTER = '371425002'; // 齐河县晏北街道综治中心
const GRID = '371425002004001'; // a grid of 阳光社区

describe('解纷码 of centers and grids', () => {
  it('a center’s code as PNG decodes to the H5 with the place preselected', async () => {
    const res = await clerk.get(`/api/qr/places/${CENTER}.png`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(decodeQrPng(res.rawPayload)).toBe(`http://localhost:3000/m/new?place=${CENTER}`);
  });

  it('as SVG and as an A4 poster PDF with the center’s name', async () => {
    const svg = await admin.get(`/api/qr/places/${GRID}.svg`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg/);

    const pdf = await clerk.get(`/api/qr/places/${CENTER}.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="jiefenma-${CENTER}.pdf"`);
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeLessThan(1024 * 1024);
    // the title (metadata, UTF-16BE) names the center
    expect(bytes.includes(Buffer.from('晏北街道综治中心 解纷码', 'utf16le').swap16())).toBe(true);
    expect(bytes.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC-Bold/);

    const grid = await clerk.get(`/api/qr/places/${GRID}.pdf`);
    expect(grid.statusCode).toBe(200);
  });

  it('refuses roles without the right and places out of scope; unknown places are 404', async () => {
    await expectRefused(t, (h) => t.anonymous().get(`/api/qr/places/${CENTER}.png`, h), { status: 401 });
    const mediator = await t.login('mediator.yanbei');
    await expectRefused(t, (h) => mediator.get(`/api/qr/places/${CENTER}.png`, h), { status: 403 });
    await expectRefused(t, (h) => clerk.get('/api/qr/places/371403105.png', h), { status: 403 });
    const resident = await t.resident('13812345678');
    await expectRefused(t, (h) => resident.get(`/api/qr/places/${CENTER}.svg`, h), { status: 401 });
    // a village is neither a center nor a grid
    await expectRefused(t, (h) => admin.get('/api/qr/places/371425002004.png', h), { status: 404 });
    await expectRefused(t, (h) => admin.get('/api/qr/places/371425002.gif', h), { status: 400, en: /file/ });
    await expectRefused(t, (h) => admin.get('/api/qr/places/abc.png', h), { status: 400 });
  });
});

describe('一案一码: a case’s own QR code', () => {
  it('for whoever may read the case, and 404 for anyone else', async () => {
    const resident = await t.resident('13812345678');
    const c = await resident.post(
      '/api/cases',
      buildRegistration({
        channel: 'qr',
        regionCode: '371425002004',
        privacyNoticeVersion: '2026-01',
        parties: [{ role: 'applicant', name: '孙八', phone: '13812345678' }],
      }),
    );
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json().id;
    const mine = await resident.get(`/api/cases/${id}/qr.svg`);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect((await clerk.get(`/api/cases/${id}/qr.svg`)).statusCode).toBe(200);
    const neighbour = await t.resident('13600009999');
    await expectRefused(t, (h) => neighbour.get(`/api/cases/${id}/qr.svg`, h), { status: 404 });
    const elsewhere = await t.login('clerk.shentou');
    await expectRefused(t, (h) => elsewhere.get(`/api/cases/${id}/qr.svg`, h), { status: 404 });
    await expectRefused(t, (h) => resident.get('/api/cases/nope/qr.svg', h), { status: 400 });
  });
});
