/**
 * A DOCX "bomb": a small file (hundreds of KB) whose word/document.xml inflates to hundreds of MB of
 * empty paragraphs. Parsing it whole takes gigabytes; the extractor must give up on it early.
 */
import { strToU8, zipSync } from 'fflate';

export function makeDocxBomb(paragraphs = 5_000_000): Buffer {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const R = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const para = '<w:p><w:r><w:t></w:t></w:r></w:p>';
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${para.repeat(paragraphs)}</w:body></w:document>`;
  return Buffer.from(zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${R}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`),
    'word/document.xml': strToU8(document),
  }, { level: 9 }));
}
