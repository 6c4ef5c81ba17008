import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OllamaError, canonicalModelName, isLoopbackHost, normalizeHost, sameModel, toOllamaError } from '../../src/ollama';

const host = 'http://127.0.0.1:11434';

/** Same shape as the ollama client's ResponseError (not exported at runtime by ollama 0.6.4). */
function responseError(message: string, status: number): Error {
  return Object.assign(new Error(message), { name: 'ResponseError', error: message, status_code: status });
}

describe('isLoopbackHost', () => {
  const cases: [string, boolean][] = [
    ['http://127.0.0.1:11434', true], ['127.0.0.1', true], ['http://127.8.9.10', true], [':11434', true], ['', true],
    ['localhost:11434', true], ['http://LOCALHOST', true], ['http://[::1]:11434', true], ['[0:0:0:0:0:0:0:1]', true],
    ['http://[::ffff:127.0.0.1]:11434', true], ['0.0.0.0:11434', true],
    ['http://128.0.0.1', false], ['http://10.0.0.5:11434', false], ['https://ollama.example.com', false],
    ['http://127.0.0.1.evil.com', false], ['http://[::2]', false], ['http://[::ffff:10.0.0.1]', false],
    ['http://localhost.evil.com', false], ['not a host:::', false],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(isLoopbackHost(input), expected));
  }
});

describe('normalizeHost and model names', () => {
  it('follows the ollama client rules', () => {
    assert.equal(normalizeHost(undefined), 'http://127.0.0.1:11434');
    assert.equal(normalizeHost(':1234'), 'http://127.0.0.1:1234');
    assert.equal(normalizeHost('example.com'), 'http://example.com:11434');
    assert.equal(normalizeHost('https://example.com/'), 'https://example.com:443');
    assert.equal(normalizeHost('http://example.com'), 'http://example.com:80');
  });
  it('treats x and x:latest as one model', () => {
    assert.equal(canonicalModelName('nomic-embed-text'), 'nomic-embed-text:latest');
    assert.equal(canonicalModelName('host:5000/ns/model'), 'host:5000/ns/model:latest');
    assert.ok(sameModel('llama3.2', 'llama3.2:latest'));
    assert.ok(!sameModel('deepseek-r1', 'deepseek-r1:1.5b'));
  });
});

describe('toOllamaError', () => {
  it('turns a refused connection into unreachable advice naming the host', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:11434'), { code: 'ECONNREFUSED' });
    const e = toOllamaError(new TypeError('fetch failed', { cause }), { host });
    assert.equal(e.kind, 'unreachable');
    assert.equal(e.retryable, true);
    assert.match(e.advice, /Ollama is not reachable at http:\/\/127\.0\.0\.1:11434 - start it with `ollama serve`/);
    assert.match(e.detail, /ECONNREFUSED/);
  });
  it('finds the code inside an AggregateError (happy eyeballs)', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:11434'), { code: 'ECONNREFUSED' });
    const e = toOllamaError(new TypeError('fetch failed', { cause: new AggregateError([inner]) }), { host });
    assert.equal(e.kind, 'unreachable');
  });
  it('maps a 404 "not found" to model-missing with a pull command', () => {
    const e = toOllamaError(responseError('model "nomic-embed-text" not found, try pulling it first', 404), { host, model: 'nomic-embed-text' });
    assert.equal(e.kind, 'model-missing');
    assert.equal(e.advice, 'Model `nomic-embed-text` is not installed - run `ollama pull nomic-embed-text`.');
    assert.equal(e.retryable, false);
  });
  it('a plain 404 page means the address is not an Ollama API', () => {
    const e = toOllamaError(responseError('404 page not found', 404), { host, model: 'x' });
    assert.equal(e.kind, 'bad-response');
  });
  it('5xx is a retryable server error, 4xx is not', () => {
    const e500 = toOllamaError(responseError('boom', 500), { host });
    const e400 = toOllamaError(responseError('"nomic-embed-text:latest" does not support chat', 400), { host, model: 'nomic-embed-text' });
    assert.deepEqual([e500.kind, e500.retryable, e500.status], ['server', true, 500]);
    assert.deepEqual([e400.kind, e400.retryable], ['server', false]);
    assert.match(e400.advice, /cannot be used for chat/);
  });
  it('recognises aborts, timeouts, cut bodies and unreadable JSON', () => {
    assert.equal(toOllamaError(new DOMException('x', 'AbortError'), { host }).kind, 'aborted');
    assert.equal(toOllamaError(new DOMException('x', 'TimeoutError'), { host }).kind, 'timeout');
    const cut = toOllamaError(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }), { host });
    assert.deepEqual([cut.kind, cut.retryable], ['server', true]);
    assert.equal(toOllamaError(new SyntaxError('Unexpected token <'), { host }).kind, 'bad-response');
  });
  it('passes OllamaErrors through unchanged', () => {
    const original = new OllamaError({ kind: 'timeout', host, advice: 'slow' });
    assert.equal(toOllamaError(original, { host: 'other' }), original);
  });
});
