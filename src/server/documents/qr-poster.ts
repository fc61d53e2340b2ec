// The printable A4 poster of a place's 解纷码: the center's (or grid's) name, the heading, the QR
// code and how to use it. First user of the PDF toolkit.
import { A4, renderPdf } from './pdf.js';
import { qrPng } from './qr.js';

export interface PosterInput {
  /** e.g. 陵城区神头镇综治中心, or a grid's full name */
  placeName: string;
  regionCode: string;
  /** what the QR code encodes (placeQrUrl) */
  url: string;
  createdAt: Date;
}

export const POSTER_HEADING = '扫码反映诉求 · 解纷码';

const STEPS = [
  '用微信或手机相机扫描上方二维码；',
  '输入手机号并填写短信验证码（无需下载应用、无需注册）；',
  '选择纠纷类别，描述问题，可上传照片；',
  '提交后获得案件编号，办理进展将以短信告知，可随时扫码查看。',
];

/** The poster's PDF bytes. */
export async function placePosterPdf(p: PosterInput): Promise<Buffer> {
  const png = await qrPng(p.url, { level: 'Q', width: 900, margin: 2 });
  return renderPdf(
    {
      title: `${p.placeName} 解纷码`,
      subject: POSTER_HEADING,
      createdAt: p.createdAt,
      footer: `一门 · 矛盾纠纷多元化解  地区代码 ${p.regionCode}`,
      pageNumbers: false,
      titleBlock: false,
      margin: 48,
    },
    (pdf) => {
      const { doc } = pdf;
      const width = pdf.contentWidth;
      const left = doc.page.margins.left;
      doc.y = 70;
      pdf.text(p.placeName, { size: 24, weight: 'bold', align: 'center', width });
      doc.moveDown(0.4);
      pdf.text(POSTER_HEADING, { size: 34, weight: 'bold', align: 'center', width, color: '#b71c1c' });
      doc.moveDown(0.3);
      pdf.text('只进一门 · 只跑一地', { size: 14, align: 'center', width, color: '#444444' });
      const qrSize = 300;
      const top = doc.y + 20;
      doc.image(png, (A4.width - qrSize) / 2, top, { width: qrSize, height: qrSize });
      doc.y = top + qrSize + 24;
      doc.x = left;
      pdf.text('怎样使用', { size: 15, weight: 'bold', width });
      doc.moveDown(0.2);
      STEPS.forEach((s, i) => pdf.text(`${i + 1}. ${s}`, { size: 12, width }));
      doc.moveDown(0.8);
      pdf.text('您的个人信息仅用于办理本诉求，依法加密保存。', { size: 10, color: '#444444', width });
      pdf.text(p.url, { size: 9, color: '#666666', width });
    },
  );
}
