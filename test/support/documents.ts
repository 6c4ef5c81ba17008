/**
 * Sample documents written by the tests themselves (no binary fixtures of unknown origin): a
 * multi-page PDF (hand-written PDF 1.4 with the standard Helvetica font), an "encrypted" PDF (a
 * Standard security handler whose password check fails for the empty password, as for any
 * password-protected file), a corrupt PDF, a DOCX with heading styles (the OOXML parts zipped with
 * fflate), an HTML page and a Jupyter notebook.
 */
import { strToU8, zipSync } from 'fflate';

function escapePdf(s: string): string {
  return s.replace(/[\\()]/g, '\\$&');
}

/** A PDF whose page i shows `pages[i]`, one line per entry (empty string: a paragraph gap). */
export function makePdf(pages: string[][], opts: { encrypt?: boolean } = {}): Buffer {
  const objs: string[] = [];
  objs[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objs[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  const kids: string[] = [];
  let n = 4;
  for (const lines of pages) {
    const page = n++;
    const content = n++;
    kids.push(`${page} 0 R`);
    const ops = ['BT', '/F1 12 Tf', '72 740 Td', '15 TL'];
    for (const line of lines) ops.push(line === '' ? 'T*' : `(${escapePdf(line)}) Tj T*`);
    ops.push('ET');
    const stream = ops.join('\n');
    objs[page] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${content} 0 R >>`;
    objs[content] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
  }
  objs[2] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${kids.length} >>`;
  let encryptRef = '';
  if (opts.encrypt) {
    const hex = (seed: number) => Array.from({ length: 32 }, (_, i) => ((i * 37 + seed) & 0xff).toString(16).padStart(2, '0')).join('');
    const id = n;
    objs[id] = `<< /Filter /Standard /V 1 /R 2 /O <${hex(7)}> /U <${hex(11)}> /P -44 >>`;
    encryptRef = ` /Encrypt ${id} 0 R /ID [<${hex(3).slice(0, 32)}> <${hex(3).slice(0, 32)}>]`;
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let i = 1; i < objs.length; i++) {
    offsets[i] = Buffer.byteLength(out, 'latin1');
    out += `${i} 0 obj\n${objs[i]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objs.length; i++) out += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R${encryptRef} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Bytes that start like a PDF and are nothing else. */
export function makeCorruptPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 131 + 17) & 0xff))]);
}

export type DocxBlock = { heading: 1 | 2 | 3; text: string } | { text: string };

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A minimal valid .docx: paragraphs, some with the built-in Heading 1-3 styles. */
export function makeDocx(blocks: DocxBlock[]): Buffer {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const R = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const body = blocks.map((b) => {
    const style = 'heading' in b ? `<w:pPr><w:pStyle w:val="Heading${b.heading}"/></w:pPr>` : '';
    return `<w:p>${style}<w:r><w:t xml:space="preserve">${xmlEscape(b.text)}</w:t></w:r></w:p>`;
  }).join('');
  const styles = [1, 2, 3].map((l) => `<w:style w:type="paragraph" w:styleId="Heading${l}"><w:name w:val="heading ${l}"/></w:style>`).join('');
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>'),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${R}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`),
    'word/_rels/document.xml.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${R}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`),
    'word/styles.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="${W}">${styles}</w:styles>`),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`),
  };
  return Buffer.from(zipSync(files));
}

/** A Jupyter notebook (nbformat 4) from cells. */
export function makeNotebook(cells: { type: 'markdown' | 'code'; source: string }[], language = 'python'): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language, display_name: 'Python 3' }, language_info: { name: language } },
    cells: cells.map((c, i) => ({
      cell_type: c.type,
      id: `c${i}`,
      metadata: {},
      source: c.source.split(/(?<=\n)/),
      ...(c.type === 'code' ? { execution_count: i, outputs: [{ output_type: 'stream', name: 'stdout', text: ['OUTPUT-NOT-INDEXED\n'] }] } : {}),
    })),
  }, null, 1);
}
