/** A temp folder holding one of each sample document plus a little code, for indexing tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCorruptPdf, makeDocx, makeNotebook, makePdf } from './documents';

/** Facts that exist in exactly one document each (what the retrieval tests ask about). */
export const FACTS = {
  pdf: 'The janitor compacts the quokka shards every seventeen minutes.',
  docx: 'Backups of the wombat ledger run nightly at 02:00.',
  html: 'The platypus migration happens each spring.',
  notebook: 'penguins = pd.read_csv("penguin_census.csv")',
} as const;

export function makeDocumentFolder(prefix = 'lore-docs-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const lines = (topic: string, n: number) => Array.from({ length: n }, (_, i) => `General ${topic} remark ${i} about the system.`);
  writeFileSync(join(dir, 'spec.pdf'), makePdf([
    ['Lore specification', ...lines('overview', 8)],
    ['Maintenance', FACTS.pdf, '', ...lines('maintenance', 6)],
    ['Appendix', ...lines('appendix', 4)],
  ]));
  writeFileSync(join(dir, 'broken.pdf'), makeCorruptPdf());
  writeFileSync(join(dir, 'locked.pdf'), makePdf([['classified']], { encrypt: true }));
  writeFileSync(join(dir, 'design.docx'), makeDocx([
    { heading: 1, text: 'Design' }, { text: 'Small files, small modules.' },
    { heading: 2, text: 'Operations' }, { text: FACTS.docx },
  ]));
  writeFileSync(join(dir, 'wiki.html'), `<!doctype html><html><body><nav>Home | About</nav><main><h1>Field notes</h1><p>${FACTS.html}</p></main></body></html>`);
  writeFileSync(join(dir, 'census.ipynb'), makeNotebook([
    { type: 'markdown', source: '# Census\nWe count the birds.' },
    { type: 'code', source: `import pandas as pd\n${FACTS.notebook}` },
  ]));
  writeFileSync(join(dir, 'compact.ts'), 'export function compactShards(minutes: number): number {\n  return minutes * 60;\n}\n');
  return dir;
}
