import { describe, expect, it } from 'vitest';
import { decodeQrPng } from '../../../test/helpers/qr-decode.js';
import { cjkFontFile, renderPdf } from './pdf.js';
import { placePosterPdf, POSTER_HEADING } from './qr-poster.js';
import { caseQrUrl, placeQrUrl, qrPng, qrSvg } from './qr.js';

const AT = new Date('2026-03-15T01:30:00Z');

const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

describe('the PDF toolkit', () => {
  it('writes a valid PDF with the CJK font embedded as a subset, small', async () => {
    const pdf = await renderPdf(
      { title: '人民调解协议书', createdAt: AT, header: '陵城区神头镇综治中心', footer: '一门' },
      (w) => {
        w.heading('一、纠纷事实');
        w.paragraph('申请人张三与被申请人李四因通道堆放杂物发生纠纷，经调解达成如下协议。Mixed Latin 123.');
        w.fields([
          ['案件编号', '371403105-20260315-0001'],
          ['调解员', '王伟'],
        ]);
      },
    );
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    // a subset font carries a six-letter tag before its name (ABCDEF+NotoSansSC-…)
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(text).toContain('/FontFile2');
    expect(pdf.length).toBeLessThan(1024 * 1024);
    // a subset: far smaller than the 10 MB font itself
    expect(pdf.length).toBeLessThan(200 * 1024);
    expect(cjkFontFile('regular')).toMatch(/NotoSansSC_400Regular\.ttf$/);
  });

  it('numbers every page when the text runs over several', async () => {
    const pdf = await renderPdf({ title: '长文档', createdAt: AT }, (w) => {
      for (let i = 0; i < 120; i++) w.paragraph(`第 ${i + 1} 段：矛盾纠纷多元化解，只进一门、只跑一地。`);
    });
    expect(pages(pdf)).toBeGreaterThan(1);
    expect(pdf.length).toBeLessThan(1024 * 1024);
  });
});

describe('QR codes', () => {
  it('a PNG decodes to the URL it encodes', async () => {
    const url = placeQrUrl('https://yimen.example.cn/', '371403105');
    expect(url).toBe('https://yimen.example.cn/m/new?place=371403105');
    const png = await qrPng(url);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(decodeQrPng(png)).toBe(url);
  });

  it('an SVG is a standalone image', async () => {
    const svg = await qrSvg(caseQrUrl('http://localhost:3000', '0195f000-0000-7000-8000-000000000001'));
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<path');
  });

  it('the A4 poster is one page with the place, the heading and the QR code', async () => {
    const url = placeQrUrl('http://localhost:3000', '371403105');
    const pdf = await placePosterPdf({
      placeName: '陵城区神头镇综治中心',
      regionCode: '371403105',
      url,
      createdAt: AT,
    });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(pages(pdf)).toBe(1);
    expect(text).toContain('/Subtype /Image');
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(pdf.length).toBeLessThan(1024 * 1024);
    expect(POSTER_HEADING).toBe('扫码反映诉求 · 解纷码');
  });
});
