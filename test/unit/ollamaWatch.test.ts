import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { OllamaWatch } from '../../src/util/ollamaWatch';

test('reports Ollama going down and coming back, once per change', async () => {
  // A real loopback server stands in for Ollama; closing it is Ollama going down.
  const server = createServer((_req, res) => res.end('{"version":"0.9"}'));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  const probe = async (signal: AbortSignal) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/version`, { signal });
    if (!res.ok) throw new Error(String(res.status));
  };
  const changes: boolean[] = [];
  const watch = new OllamaWatch(probe, (up) => changes.push(up), 60_000, 1_000);
  try {
    assert.equal(await watch.check(), true);
    assert.equal(await watch.check(), true);
    await new Promise<void>((ok) => server.close(() => ok()));
    server.closeAllConnections();
    assert.equal(await watch.check(), false);
    watch.saw(false);
    watch.saw(true);
    assert.deepEqual(changes, [true, false, true]);
  } finally {
    watch.dispose();
  }
});

test('a probe that hangs counts as down after the timeout', async () => {
  const changes: boolean[] = [];
  const watch = new OllamaWatch((signal) => new Promise((_ok, fail) => signal.addEventListener('abort', () => fail(new Error('timeout')))),
    (up) => changes.push(up), 60_000, 50);
  const t0 = Date.now();
  assert.equal(await watch.check(), false);
  assert.ok(Date.now() - t0 < 1_000);
  assert.deepEqual(changes, [false]);
  watch.dispose();
});
