import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { applyRedactions, findSecrets, redactSecrets } from '../../src/indexer/discovery/secretsInText';
import { describeKinds, redactSource } from '../../src/indexer/redactSource';
import type { ExtractedDocument } from '../../src/indexer/extract';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pick = (alphabet: string, n: number) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
const pem = () => ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC' + pick(ALNUM, 32), ...Array.from({ length: 5 }, () => pick(ALNUM, 64)), '-----END PRIVATE KEY-----'].join('\n');

describe('redactSecrets', () => {
  it('replaces each form with a placeholder naming its kind and keeps the rest', async () => {
    const ghp = `ghp_${pick(ALNUM, 36)}`;
    const slack = `xoxb-${pick('0123456789', 12)}-${pick('0123456789', 13)}-${pick(ALNUM, 24)}`;
    const openai = `sk-${pick(ALNUM, 20)}T3BlbkFJ${pick(ALNUM, 20)}`;
    const akid = `AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const awsSecret = pick(ALNUM, 40);
    const text = [
      `const token = '${ghp}'; // keepme`,
      `slack(${JSON.stringify(slack)})`,
      `OPENAI_API_KEY=${openai}`,
      `aws_access_key_id=${akid}`,
      `AWS_SECRET_ACCESS_KEY=${awsSecret}`,
    ].join('\n');
    const r = await redactSecrets(text, 'src/app.ts');
    for (const s of [ghp, slack, openai, akid, awsSecret]) assert.ok(!r.text.includes(s), `${s.slice(0, 6)} left in`);
    assert.deepEqual(r.kinds, ['github-token', 'slack-token', 'openai-token', 'aws-access-key-id', 'aws-secret-access-key']);
    assert.equal(r.redactions, 5);
    assert.ok(r.text.startsWith("const token = '[secret: github-token]'; // keepme\n"));
    assert.ok(r.text.includes('AWS_SECRET_ACCESS_KEY=[secret: aws-secret-access-key]'), 'the key name stays, the value goes');
  });

  it('keeps the line count of a multi-line private key, so chunk line ranges stay true', async () => {
    const text = `before\n${pem()}\nafter`;
    const r = await redactSecrets(text);
    assert.equal(r.text.split('\n').length, text.split('\n').length);
    assert.ok(r.text.startsWith('before\n[secret: private-key]\n'));
    assert.ok(r.text.endsWith('\nafter'));
  });

  it('config-file passwords: only in config files, only literal values, never placeholders', async () => {
    const props = 'spring.datasource.password=hunter2x\nspring.datasource.username=app\ndb.password=${DB_PASSWORD}\n  client-secret: "s3cr3tv"\nenabled-token: true\n';
    const r = await redactSecrets(props, 'src/main/resources/application.properties');
    assert.equal(r.text, 'spring.datasource.password=[secret: password]\nspring.datasource.username=app\ndb.password=${DB_PASSWORD}\n  client-secret: "[secret: secret]"\nenabled-token: true\n');
    const workflow = await redactSecrets('permissions:\n  id-token: write\n  contents: read\nenv:\n  NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n', '.github/workflows/publish.yml');
    assert.equal(workflow.redactions, 0, workflow.text);
    const inCode = await redactSecrets('login(user, password=form.password)\npassword = request.args["pw"]\n', 'app/views.py');
    assert.equal(inCode.redactions, 0);
  });

  it('ordinary code and prose are left alone (the same string object back)', async () => {
    const code = 'export function hash(key: string): string {\n  const secret = process.env.SECRET_KEY;\n  return createHmac("sha256", secret).update(key).digest("hex");\n}\n';
    const r = await redactSecrets(code, 'src/hash.ts');
    assert.equal(r.redactions, 0);
    assert.equal(r.text, code);
    assert.deepEqual(await findSecrets('', 'x.ts'), []);
  });

  it('scanning many texts leaves no marks in the process timeline', async () => {
    // secretlint's own profiler kept every mark and searched them all on each new one (quadratic cost,
    // and a measure of a missing mark threw from a microtask); Lore turns marking off.
    const text = 'const total = items.reduce((a, b) => a + b, 0);\nexport function sum() { return total; }\n'.repeat(10);
    for (let i = 0; i < 50; i++) await redactSecrets(text, `f${i}.ts`);
    await new Promise((r) => setTimeout(r, 20)); // the profiler's observer runs after the marks
    assert.deepEqual(performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('@core')), []);
  });

  it('applyRedactions merges overlapping findings', () => {
    const r = applyRedactions('abcdefghij', [{ start: 1, end: 5, kind: 'a' }, { start: 3, end: 7, kind: 'b' }, { start: 4, end: 6, kind: 'c' }]);
    assert.equal(r.text, 'a[secret: a][secret: b]hij');
    assert.equal(r.redactions, 2);
  });
});

describe('redactSource', () => {
  it('redacts every section of an extracted document and reports kinds', async () => {
    const key = pem();
    const doc: ExtractedDocument = {
      format: 'notebook', language: 'notebook',
      sections: [{ text: '# Setup', headings: [] }, { text: `KEY = """\n${key}\n"""`, headings: ['Setup'], cell: 2, kind: 'code', language: 'python' }],
    };
    const r = await redactSource('nb/setup.ipynb', '# Setup\n\nKEY = ...', doc);
    assert.equal(r.redactions, 1);
    assert.equal(r.document?.sections[0], doc.sections[0]);
    assert.ok(!r.document?.sections[1].text.includes(key.split('\n')[2]));
    assert.equal(r.document?.sections[1].cell, 2);
    assert.ok(!r.text.includes(key.split('\n')[2]));
    assert.equal(describeKinds(['a', 'b', 'a']), 'a x2, b');
  });
});
