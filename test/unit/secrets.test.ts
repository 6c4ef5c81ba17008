import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { discover, isSecretPath } from '../../src/indexer/discovery';

/** One file per built-in secret pattern, some of them nested. */
const SECRETS = [
  '.env', '.env.local', '.env.production', 'config/prod.env', 'deploy/.env',
  'server.pem', 'tls/server.key', 'cert.p12', 'cert.pfx', 'release.jks', 'android/app.keystore',
  'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', '.ssh/id_rsa_work', 'keys/id_ed25519_deploy',
  '.npmrc', 'pkg/.npmrc', '.pypirc', '.netrc', '.htpasswd', '.git-credentials',
  'credentials', 'credentials.json', 'gcp.credentials', '.aws/credentials', 'home/.docker/config.json',
  'secrets.yml', 'config/secrets.yaml', 'terraform.tfstate', 'terraform.tfstate.backup',
  'service-account.json', 'service-account-prod.json', 'SERVER.PEM',
];

/** Look-alikes that must stay indexable. */
const NOT_SECRETS = [
  '.env.example', '.env.sample', '.env.template', 'config/.env.example', 'id_rsa.pub', '.ssh/id_ed25519.pub',
  'environment.ts', 'envelope.md', 'keyboard.ts', 'src/credentials.ts', 'docker/config.json', 'secrets.md',
  'pem.ts', 'service.json', 'README.md',
];

describe('isSecretPath', () => {
  it('matches every built-in secret pattern, at any depth and in any case', () => {
    assert.deepEqual(SECRETS.filter((p) => !isSecretPath(p)), []);
  });

  it('keeps env templates, public keys and look-alike names', () => {
    assert.deepEqual(NOT_SECRETS.filter((p) => isSecretPath(p)), []);
  });

  it('adds user patterns, with no exception for templates', () => {
    assert.equal(isSecretPath('config/app.secret.json'), false);
    assert.equal(isSecretPath('config/app.secret.json', ['*.secret.json']), true);
    assert.equal(isSecretPath('private/notes.md', ['private/**']), true);
    assert.equal(isSecretPath('other/private/notes.md', ['private/**']), false);
    assert.equal(isSecretPath('.env.example', ['.env.example']), true);
  });
});

describe('discover skips secret files', () => {
  it("reports every secret as 'secret' and keeps the look-alikes", async () => {
    const root = await mkdtemp(join(tmpdir(), 'lore-secrets-'));
    try {
      // SERVER.PEM would collide with server.pem on case-insensitive file systems.
      for (const rel of [...SECRETS.filter((p) => p !== 'SERVER.PEM'), ...NOT_SECRETS, 'vault/token.txt']) {
        await mkdir(dirname(join(root, rel)), { recursive: true });
        await writeFile(join(root, rel), 'value = 1\n');
      }
      const result = await discover(root, { secretPatterns: ['vault/**'] });
      const secretSkips = result.skipped.filter((s) => s.reason === 'secret').map((s) => s.path).sort();
      const expected = [...SECRETS.filter((p) => p !== 'SERVER.PEM'), 'vault/token.txt'].sort();
      assert.deepEqual(secretSkips, expected);
      assert.deepEqual(result.files.map((f) => f.path).sort(), [...NOT_SECRETS].sort());
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
