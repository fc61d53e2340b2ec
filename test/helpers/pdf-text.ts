// The text of a PDF written by our toolkit (pdfkit: Type0 fonts with Identity-H two-byte codes and
// a ToUnicode CMap each, Flate-compressed streams), for tests that assert what a document says.
// Not a general PDF parser: enough for pdfkit's own output, with no extra dependency.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objectsOf(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    const body = s.slice(start, end);
    const at = body.indexOf('stream');
    if (at < 0 || body.slice(0, at).trimEnd().endsWith('end')) {
      out.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? -1);
    let dataStart = start + at + 'stream'.length;
    if (s[dataStart] === '\r') dataStart += 1;
    if (s[dataStart] === '\n') dataStart += 1;
    const raw = pdf.subarray(dataStart, dataStart + length);
    const stream = dict.includes('/FlateDecode') ? inflateSync(raw) : raw;
    out.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return out;
}

function parseCmap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const hexToText = (h: string) => {
    let t = '';
    for (let i = 0; i < h.length; i += 4) t += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
    return t;
  };
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of block[1]!.trim().split('\n')) {
      const m = /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/.exec(line);
      if (!m) continue;
      const from = parseInt(m[1]!, 16);
      const to = parseInt(m[2]!, 16);
      if (m[3]!.startsWith('[')) {
        // a ligature's entry holds several code units (<0066 0066> for "ff"): one entry all the same
        const dsts = [...m[3]!.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((x) => x[1]!.replace(/\s+/g, ''));
        dsts.forEach((d, i) => map.set((from + i).toString(16).padStart(4, '0'), hexToText(d)));
      } else {
        const base = parseInt(m[3]!.slice(1, -1), 16);
        for (let c = from; c <= to; c++) {
          map.set(c.toString(16).padStart(4, '0'), String.fromCodePoint(base + c - from));
        }
      }
    }
  }
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      map.set(m[1]!.toLowerCase().padStart(4, '0'), hexToText(m[2]!));
    }
  }
  return map;
}

/** The text of every page in order; one line per text object (BT … ET). */
export function pdfText(pdf: Buffer): string {
  return pdfPages(pdf).join('');
}

/** The text of each page, in order (a table of contents can be checked against its pages). */
export function pdfPages(pdf: Buffer): string[] {
  const objects = objectsOf(pdf);
  // font resource names (F1, F2 …) are document-wide in pdfkit
  const fonts = new Map<string, Map<string, string>>();
  for (const o of objects.values()) {
    for (const m of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(m[2]));
      const cmapRef = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
      const cmap = cmapRef && objects.get(Number(cmapRef[1]));
      if (cmap?.stream) fonts.set(m[1]!, parseCmap(cmap.stream.toString('latin1')));
    }
  }
  const pageContents = [...objects.values()]
    .filter((o) => /\/Type \/Page\b/.test(o.dict))
    .map((o) => Number(/\/Contents (\d+) 0 R/.exec(o.dict)?.[1]));
  const pages: string[] = [];
  for (const ref of pageContents) {
    let out = '';
    const content = objects.get(ref)?.stream?.toString('latin1') ?? '';
    let cmap = new Map<string, string>();
    const tokens = /\/(F\d+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\] TJ|<([0-9a-fA-F]*)> Tj|\bET\b/g;
    for (const t of content.matchAll(tokens)) {
      if (t[1]) cmap = fonts.get(t[1]) ?? new Map();
      else if (t[0] === 'ET') out += '\n';
      else {
        const hexes =
          t[2] !== undefined ? [...t[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [t[3]!];
        for (const h of hexes) {
          for (let i = 0; i < h.length; i += 4) out += cmap.get(h.slice(i, i + 4).toLowerCase()) ?? '';
        }
      }
    }
    pages.push(out);
  }
  return pages;
}
