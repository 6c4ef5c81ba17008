/**
 * Secrets inside indexed text (issue 16, item 3). Files that are rightly indexed carry credentials:
 * a private key block inside a PDF, a DOCX, a notebook cell and an HTML page; a GitHub token, an AWS
 * access key + secret key, a Slack bot token, an OpenAI key in source files; a password in Spring's
 * application.properties. After `lore index`, none of them may be in any byte of the index, in what
 * was sent to /api/embed, in `lore export` or in search output; each file's control word next to
 * the secret must still be found (the rest of the chunk stays searchable), and the count is reported.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { makeDocx, makeNotebook, makePdf } from '../support/documents';
import { assertCliBuilt, runCli, tempDir } from './lib/proc';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = ALNUM + '+/';
const pick = (alphabet: string, n: number) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

/** A PEM private key block of `lines` 64-character base64 lines (random: unique per run; DER starts `MII`). */
function privateKeyLines(lines = 8): string[] {
  const body = Array.from({ length: lines }, (_, i) => (i === 0 ? 'MIIEpAIBAAKCAQEA' + pick(B64, 48) : pick(B64, 64)));
  return ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'];
}

interface Planted {
  file: string;
  form: string;
  /** Substrings of the secret that must appear nowhere (a key's body lines; a token whole). */
  needles: string[];
  /** A word in the same chunk that must stay searchable. */
  control: string;
}

describe('secrets inside indexed text are redacted', () => {
  let sim: OllamaSim;
  let root: string;
  let ws: string;
  const planted: Planted[] = [];

  before(async () => {
    assertCliBuilt();
    sim = await startOllamaSim({ logInputs: true });
    root = await tempDir('secrets-in-text');
    ws = join(root, 'ws');
    const put = async (rel: string, body: string | Buffer) => {
      await fs.mkdir(dirname(join(ws, rel)), { recursive: true });
      await fs.writeFile(join(ws, rel), body);
    };
    const control = () => `ctl${randomBytes(6).toString('hex')}`;
    const add = (file: string, form: string, needles: string[], c: string) => planted.push({ file, form, needles, control: c });

    let key = privateKeyLines();
    let c = control();
    await put('docs/runbook.pdf', makePdf([[`Deploy runbook ${c}`, 'The signing key:', ...key, 'Rotate it yearly.']]));
    add('docs/runbook.pdf', 'private key in a PDF', key.slice(2, -1), c);

    key = privateKeyLines();
    c = control();
    await put('docs/handover.docx', makeDocx([{ heading: 1, text: 'Handover' }, { text: `Server access ${c}` }, ...key.map((text) => ({ text }))]));
    add('docs/handover.docx', 'private key in a DOCX', key.slice(2, -1), c);

    key = privateKeyLines();
    c = control();
    await put('notebooks/connect.ipynb', makeNotebook([
      { type: 'markdown', source: '# Connect to the cluster' },
      { type: 'code', source: `# ${c}\nKEY = """\n${key.join('\n')}\n"""\nconnect(KEY)\n` },
    ]));
    add('notebooks/connect.ipynb', 'private key in a notebook cell', key.slice(2, -1), c);

    key = privateKeyLines();
    c = control();
    await put('site/keys.html', `<!DOCTYPE html><html><head><title>Keys</title></head><body><h1>Keys</h1><p>Backup ${c}</p><pre>${key.join('\n')}</pre></body></html>`);
    add('site/keys.html', 'private key in an HTML page', key.slice(2, -1), c);

    const ghp = `ghp_${pick(ALNUM, 36)}`;
    c = control();
    await put('src/github.ts', `// ${c}\nexport const client = new Octokit({ auth: '${ghp}' });\n`);
    add('src/github.ts', 'GitHub token (ghp_)', [ghp], c);

    const akid = `AKIA${pick(UPPER, 16)}`;
    const aws = pick(B64, 40);
    c = control();
    await put('scripts/upload.py', `# ${c}\nimport boto3\naws_access_key_id = "${akid}"\naws_secret_access_key = "${aws}"\ns3 = boto3.client("s3")\n`);
    add('scripts/upload.py', 'AWS access key id', [akid], c);
    add('scripts/upload.py', 'AWS secret access key', [aws], c);

    const slack = `xoxb-${digits(12)}-${digits(13)}-${pick(ALNUM, 24)}`;
    c = control();
    await put('scripts/notify.sh', `#!/bin/sh\n# ${c}\ncurl -H "Authorization: Bearer ${slack}" https://slack.com/api/chat.postMessage\n`);
    add('scripts/notify.sh', 'Slack bot token (xoxb-)', [slack], c);

    const openai = `sk-${pick(ALNUM, 20)}T3BlbkFJ${pick(ALNUM, 20)}`;
    c = control();
    await put('src/llm.js', `// ${c}\nconst openai = new OpenAI({ apiKey: "${openai}" });\n`);
    add('src/llm.js', 'OpenAI key (sk-)', [openai], c);

    const password = `pw${pick(ALNUM, 14)}`;
    c = control();
    await put('src/main/resources/application.properties', `# ${c}\nspring.datasource.url=jdbc:postgresql://db/app\nspring.datasource.username=app\nspring.datasource.password=${password}\n`);
    add('src/main/resources/application.properties', 'password in application.properties', [password], c);

    await put('README.md', '# App\n\nNothing secret here.\n');
  });
  after(async () => {
    await sim?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('CLI index: no planted secret in the index, the embed requests, export or search; controls found; counts reported', { timeout: 120_000 }, async () => {
    const idx = join(root, 'idx');
    const common = ['--index-dir', idx, '--ollama', sim.url];
    const run = await runCli(['index', ws, ...common, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { filesIndexed: number; redactions?: number };
    const exported = await runCli(['export', ws, ...common, '--format', 'jsonl']);
    assert.equal(exported.code, 0, exported.stderr);

    const bytes: Buffer[] = [];
    for (const e of await fs.readdir(idx, { withFileTypes: true, recursive: true })) {
      if (e.isFile()) bytes.push(await fs.readFile(join(e.parentPath, e.name)));
    }
    const sent = sim.log.flatMap((e) => e.inputs ?? []).join('\n');
    const leaks: string[] = [];
    for (const p of planted) {
      for (const n of p.needles) {
        const where = [
          bytes.some((b) => b.includes(n) || b.includes(Buffer.from(n, 'utf16le'))) && 'index files',
          sent.includes(n) && 'embed requests',
          exported.stdout.includes(n) && 'export',
        ].filter(Boolean);
        if (where.length) leaks.push(`${p.form} (${p.file}) -> ${where.join(', ')}`);
      }
    }
    // The scan can fail: each control word sits in the same chunk as its secret and must be there.
    const missing = planted.filter((p) => !exported.stdout.includes(p.control)).map((p) => p.file);
    assert.deepEqual(missing, [], 'control words next to the secrets are missing from the export');
    // Searchable too (two files; the export check above covers every control word's chunk).
    for (const p of planted.filter((x) => x.file.endsWith('.pdf') || x.file.endsWith('.properties'))) {
      const r = await runCli(['search', p.control, ws, ...common, '--mode', 'keyword', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok((JSON.parse(r.stdout) as { path: string }[]).some((h) => h.path === p.file), `${p.file} is still found by its control word`);
    }
    assert.deepEqual(leaks, [], 'secrets found');
    assert.ok(exported.stdout.includes('[secret: private-key]') && exported.stdout.includes('[secret: github-token]'), 'placeholders name the kind');
    assert.ok((report.redactions ?? 0) >= planted.length, `index report counts ${report.redactions} redactions`);
    const status = await runCli(['status', ws, ...common, '--json']);
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout) as { redactions?: { secrets: number; files: number } };
    assert.equal(s.redactions?.files, new Set(planted.map((p) => p.file)).size, 'status counts the files with redactions');
    console.log(`secret forms planted: ${planted.length}, redacted: ${planted.length - new Set(leaks).size} (report: ${report.redactions} redactions)`);
  });
});
