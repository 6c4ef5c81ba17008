import assert from 'node:assert/strict';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import { cliAdvice, describeInputError } from '../../src/cli/errors';
import { commandHelp } from '../../src/cli/help';
import { toOllamaError } from '../../src/ollama/errors';

test('a missing folder and bad options are said in the CLI\'s words', async () => {
  const missing = join(tmpdir(), `lore-missing-${process.pid}`);
  const err = await realpath(missing).catch((e: unknown) => e);
  assert.deepEqual(describeInputError(err, 'index'), { message: `no folder at ${missing}`, usage: false });
  const unknown = (() => {
    try {
      parseArgs({ args: ['--colour'], options: { json: { type: 'boolean' } }, strict: true });
    } catch (e) {
      return e;
    }
  })();
  assert.deepEqual(describeInputError(unknown, 'search'), { message: 'unknown option --colour (see lore search --help)', usage: true });
  const noValue = (() => {
    try {
      parseArgs({ args: ['--top'], options: { top: { type: 'string' } }, strict: true });
    } catch (e) {
      return e;
    }
  })();
  assert.deepEqual(describeInputError(noValue, undefined), { message: '--top needs a value (see lore --help)', usage: true });
  assert.equal(describeInputError(new Error('other'), 'ask'), undefined);
});

test('advice about Lore\'s settings points at flags in the CLI', () => {
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
  const text = toOllamaError(refused, { host: 'http://127.0.0.1:9' }).advice;
  assert.match(text, /Lore's settings/, 'the extension\'s wording (the test is moot if it changed)');
  assert.doesNotMatch(cliAdvice(text), /Lore's settings/);
  assert.match(cliAdvice(text), /--ollama URL or OLLAMA_HOST/);
  assert.equal(cliAdvice("Model `x` cannot be used for chat - choose a chat model in Lore's settings."),
    'Model `x` cannot be used for chat - choose a chat model with --chat-model.');
});

test('every command has its own --help', () => {
  for (const c of ['index', 'search', 'ask', 'status', 'export', 'mcp']) {
    assert.match(commandHelp(c)!, new RegExp(`^Usage: lore ${c}\\b`), c);
    assert.match(commandHelp(c)!, /--ollama URL/);
  }
  assert.equal(commandHelp('nope'), undefined);
});
