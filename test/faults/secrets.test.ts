/**
 * Secrets never reach the index. Unique strings are planted in env files, keys, certificates, cloud
 * and tool credential files, files matching the user's secret and exclude patterns, and behind
 * symlinks; after indexing (CLI and FolderIndex), every byte under the index directory is scanned
 * for them (as UTF-8, UTF-16, base64 and JSON-escaped), and so are what was sent to Ollama, the
 * keyword side and search/ask output. A control string in an ordinary file must be found, so the
 * scan itself can fail.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { FolderIndex } from '../../src/indexer/folderIndex';
import { assertCliBuilt, runCli, tempDir } from './lib/proc';
import { consistencyProblems, snapshot } from './lib/inspect';
import { EMBED_MODEL, fastClient, fastEmbedder } from './lib/indexing';

const secret = (label: string) => `SECRET_${label.replace(/\W/g, '_').toUpperCase()}_${randomBytes(8).toString('hex')}`;

/** Path -> file body builder (gets the planted string). */
const SECRET_FILES: Record<string, (s: string) => string> = {
  '.env': (s) => `DATABASE_URL=postgres://app:${s}@db/app\n`,
  '.env.local': (s) => `API_KEY=${s}\n`,
  'config/.env.production': (s) => `STRIPE_KEY=${s}\n`,
  'deploy/app.env': (s) => `TOKEN=${s}\n`,
  'keys/server.pem': (s) => `-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----\n`,
  'keys/private.key': (s) => `-----BEGIN EC PRIVATE KEY-----\n${s}\n-----END EC PRIVATE KEY-----\n`,
  'home/.ssh/id_rsa': (s) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${s}\n-----END OPENSSH PRIVATE KEY-----\n`,
  'home/.ssh/id_ed25519': (s) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${s}\n-----END OPENSSH PRIVATE KEY-----\n`,
  'tls/server.crt': (s) => `-----BEGIN CERTIFICATE-----\n${s}\n-----END CERTIFICATE-----\n`,
  'tls/ca.cer': (s) => `-----BEGIN CERTIFICATE-----\n${s}\n-----END CERTIFICATE-----\n`,
  'tls/bundle.pem': (s) => `-----BEGIN CERTIFICATE-----\n${s}\n-----END CERTIFICATE-----\n`,
  'tls/request.csr': (s) => `-----BEGIN CERTIFICATE REQUEST-----\n${s}\n-----END CERTIFICATE REQUEST-----\n`,
  'home/.aws/credentials': (s) => `[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = ${s}\n`,
  'home/.config/gcloud/application_default_credentials.json': (s) => JSON.stringify({ type: 'authorized_user', client_secret: s, refresh_token: 'x' }),
  'home/.config/gcloud/legacy_credentials/me@example.com/adc.json': (s) => JSON.stringify({ type: 'authorized_user', client_secret: s }),
  'ops/service-account.json': (s) => JSON.stringify({ type: 'service_account', private_key: `-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----\n` }),
  // A key downloaded from the cloud console keeps the name it came with: only its content says what it is.
  'ops/my-project-4f2a9c81d3e0.json': (s) => JSON.stringify({ type: 'service_account', project_id: 'my-project', private_key_id: 'abc', private_key: `-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----\n`, client_email: 'x@my-project.iam.gserviceaccount.com' }, null, 2),
  'home/.kube/config': (s) => `apiVersion: v1\nusers:\n- name: admin\n  user:\n    token: ${s}\n`,
  '.npmrc': (s) => `//registry.npmjs.org/:_authToken=${s}\n`,
  '.pypirc': (s) => `[pypi]\nusername = __token__\npassword = ${s}\n`,
  '.git-credentials': (s) => `https://user:${s}@github.com\n`,
  '.netrc': (s) => `machine api.example.com login me password ${s}\n`,
  'home/.docker/config.json': (s) => JSON.stringify({ auths: { 'registry.example.com': { auth: s } } }),
  'infra/terraform.tfstate': (s) => JSON.stringify({ resources: [{ instances: [{ attributes: { password: s } }] }] }),
  'k8s/secrets.yaml': (s) => `apiVersion: v1\nkind: Secret\ndata:\n  password: ${s}\n`,
  'app/credentials.json': (s) => JSON.stringify({ installed: { client_secret: s } }),
  'notes/key.txt': (s) => `here is the deploy key\n-----BEGIN RSA PRIVATE KEY-----\n${s}\n-----END RSA PRIVATE KEY-----\n`,
};

/** Planted only for the in-process run that passes the user's patterns. */
const USER_PATTERN_FILES: Record<string, (s: string) => string> = {
  'conf/prod.vault.yml': (s) => `db_password: ${s}\n`,
  'private/notes.md': (s) => `# Private\n\nThe launch code is ${s}.\n`,
};

describe('secrets never reach the index', () => {
  let sim: OllamaSim;
  let root: string;
  let ws: string;
  const planted = new Map<string, string>(); // secret -> file
  const control = `CONTROL_${randomBytes(8).toString('hex')}`;

  before(async () => {
    assertCliBuilt();
    sim = await startOllamaSim({ logInputs: true });
    root = await tempDir('secrets');
    ws = join(root, 'ws');
    const put = async (rel: string, body: string) => {
      await fs.mkdir(dirname(join(ws, rel)), { recursive: true });
      await fs.writeFile(join(ws, rel), body);
    };
    for (const [rel, body] of Object.entries({ ...SECRET_FILES, ...USER_PATTERN_FILES })) {
      const s = secret(rel);
      planted.set(s, rel);
      await put(rel, body(s));
    }
    // Ignored files are never read either.
    const ignored = secret('gitignored');
    planted.set(ignored, 'generated/dump.ts');
    await put('.gitignore', 'generated/\n');
    await put('generated/dump.ts', `export const dump = "${ignored}";\n`);
    const loreIgnored = secret('loreignored');
    planted.set(loreIgnored, 'scratch/todo.md');
    await put('.loreignore', 'scratch/\n');
    await put('scratch/todo.md', `# todo ${loreIgnored}\n`);
    // Links to secrets under innocent names.
    await fs.symlink('.env', join(ws, 'settings.txt'));
    await fs.symlink('home/.aws', join(ws, 'awsconf'));
    await put('src/app.ts', `export function main(): string {\n  return '${control}';\n}\n`);
    await put('README.md', '# App\n\nUses a database and an API key from the environment.\n');
  });
  after(async () => {
    await sim?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  /** Every place a planted string could hide: returns `[secret, where]` for each one found. */
  /** `logFrom`: where this test's indexing starts in the sim's log (later entries are our own queries). */
  async function leaks(indexDir: string, strings: string[], logFrom: number): Promise<[string, string][]> {
    const found: [string, string][] = [];
    const forms = (s: string) => [Buffer.from(s), Buffer.from(s, 'utf16le'), Buffer.from(Buffer.from(s).toString('base64').slice(0, 20)), Buffer.from(JSON.stringify(s).slice(1, -1))];
    for (const e of await fs.readdir(indexDir, { withFileTypes: true, recursive: true })) {
      if (!e.isFile()) continue;
      const bytes = await fs.readFile(join(e.parentPath, e.name));
      for (const s of strings) if (forms(s).some((f) => bytes.indexOf(f) !== -1)) found.push([s, join(e.parentPath, e.name)]);
    }
    const s = await snapshot(indexDir);
    for (const c of s.chunks) for (const x of strings) if (c.text.includes(x)) found.push([x, `chunk of ${c.path}`]);
    const sent = sim.log.slice(logFrom).flatMap((e) => e.inputs ?? []);
    for (const x of strings) if (sent.some((t) => t.includes(x))) found.push([x, 'sent to Ollama']);
    return found;
  }

  it('CLI index with the built-in rules: 0 secrets in the index; the control string is found', { timeout: 120_000 }, async () => {
    const idx = join(root, 'idx-cli');
    const logFrom = sim.log.length;
    const run = await runCli(['index', ws, '--index-dir', idx, '--ollama', sim.url, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { skipped: Record<string, number> };
    const builtin = [...planted].filter(([, f]) => !(f in USER_PATTERN_FILES)).map(([s]) => s);
    const found = await leaks(idx, [...builtin, control], logFrom);
    assert.ok(found.some(([s]) => s === control), 'the scan finds the control string (it can fail)');
    const leaked = found.filter(([s]) => s !== control).map(([s, where]) => `${planted.get(s)} -> ${where}`);
    assert.deepEqual(leaked, [], 'secrets found in the index');
    const s = await snapshot(idx);
    assert.deepEqual(consistencyProblems(s), []);
    for (const x of builtin.slice(0, 6)) {
      const r = await runCli(['search', x, ws, '--index-dir', idx, '--ollama', sim.url, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const paths = (JSON.parse(r.stdout) as { path: string }[]).map((h) => h.path);
      assert.ok(!paths.includes(planted.get(x) as string), `search for a secret finds ${planted.get(x)}`);
    }
    const ask = await runCli(['ask', `What is the value of ${builtin[0].slice(0, 14)} and the API_KEY?`, ws, '--index-dir', idx, '--ollama', sim.url]);
    assert.equal(ask.code, 0, ask.stderr);
    for (const x of builtin) assert.ok(!ask.stdout.includes(x), 'an answer quotes a secret');
    console.log(`secrets: ${planted.size} planted (${builtin.length} for the built-in rules), found in the index: ${leaked.length}; skipped: ${JSON.stringify(report.skipped)}`);
  });

  it('FolderIndex with user secret and exclude patterns: 0 secrets in the index', { timeout: 120_000 }, async () => {
    const idx = join(root, 'idx-user');
    const logFrom = sim.log.length;
    const index = await FolderIndex.open({
      folder: ws, indexDir: idx, model: EMBED_MODEL, embedder: fastEmbedder(fastClient(sim.url)),
      discovery: { secretPatterns: ['**/*.vault.yml'], exclude: ['private/**'] },
    });
    try {
      const report = await index.update();
      assert.ok((report.skipped.secret ?? 0) >= Object.keys(SECRET_FILES).length);
      for (const [x, file] of planted) {
        const { hits } = await index.search({ query: x, mode: 'keyword', k: 20 });
        assert.ok(!hits.some((h) => h.text.includes(x)), `keyword search returns the text of ${file}`);
      }
    } finally {
      await index.close();
    }
    const found = await leaks(idx, [...planted.keys(), control], logFrom);
    assert.ok(found.some(([s]) => s === control));
    assert.deepEqual(found.filter(([s]) => s !== control).map(([s, where]) => `${planted.get(s)} -> ${where}`), []);
  });
});
