import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretPath } from '../../src/indexer/discovery';
import { classifyContent } from '../../src/indexer/discovery/textContent';

const verdict = (text: string) => {
  const v = classifyContent(Buffer.from(text), true);
  return v.ok ? 'ok' : v.reason;
};

describe('secrets by name and by content', () => {
  it('certificates, gcloud and kube credentials are secret files', () => {
    const paths = ['tls/server.crt', 'ca.CER', 'req.csr', 'home/.config/gcloud/application_default_credentials.json',
      'home/.config/gcloud/legacy_credentials/me@x.com/adc.json', 'application_default_credentials.json', 'home/.kube/config'];
    assert.deepEqual(paths.filter((p) => !isSecretPath(p)), []);
    assert.deepEqual(['kube/config.ts', 'src/crt.ts', 'gcloud.md'].filter((p) => isSecretPath(p)), []);
  });

  it('a private key block makes any file a secret: service-account JSON under any name, a key pasted in notes', () => {
    const sa = JSON.stringify({ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n' });
    assert.equal(verdict(sa), 'secret');
    assert.equal(verdict('notes\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4Yz\n-----END RSA PRIVATE KEY-----\n'), 'secret');
    assert.equal(verdict('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'), 'secret');
  });

  it('text that only names the header, or holds a public certificate, is not', () => {
    assert.equal(verdict('A PEM key starts with `-----BEGIN PRIVATE KEY-----`; never commit one.\n'), 'ok');
    assert.equal(verdict('-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----\n'), 'ok');
    assert.equal(verdict('-----BEGIN RSA PRIVATE KEY-----\nabcdefghijklmnopqrstu\n-----END EC PRIVATE KEY-----\n'), 'ok');
  });
});
