import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, type AskDeps, type AskEvent } from '../../src/chat/ask';
import type { SearchRequest, SearchResult } from '../../src/indexer/search';
import type { RetrievedChunk } from '../../src/indexer/types';

const HIT: RetrievedChunk = { id: 'a', path: 'docs/setup.md', startLine: 1, endLine: 4, language: 'markdown', kind: 'doc', score: 1, text: 'Run npm install.' };

/** A searcher that records its requests, and a chat client that answers citing source 1. */
function fixture(result: Partial<SearchResult> = {}): { deps: AskDeps; requests: SearchRequest[]; models: string[] } {
  const requests: SearchRequest[] = [];
  const models: string[] = [];
  const deps: AskDeps = {
    searcher: {
      search: async (r) => {
        requests.push(r);
        return { hits: [HIT], mode: 'hybrid', ...result };
      },
    },
    folders: [
      { name: 'Team Wiki', path: '/w/wiki' },
      { name: 'app', path: '/w/app' },
    ],
    chat: {
      chatStream: async function* (req) {
        models.push(req.model);
        yield { content: 'Run the installer [1].', thinking: '', done: true };
      },
      chat: async () => 'unused',
    },
  };
  return { deps, requests, models };
}

async function collect(events: AsyncIterable<AskEvent>): Promise<AskEvent[]> {
  const out: AskEvent[] = [];
  for await (const ev of events) out.push(ev);
  return out;
}

const input = { history: [], search: { k: 5, mode: 'keyword' as const, activeFile: '/w/app/a.ts' }, model: 'm1', budgetTokens: 3000 };

test('ask: typed prefixes narrow the search (scope and folder), settings pass through, the model sees the bare question', async () => {
  const { deps, requests, models } = fixture();
  const events = await collect(ask(deps, { ...input, question: '@docs @folder:"team wiki" how do I install?', scope: 'code' }, new AbortController().signal));
  assert.equal(requests.length, 1);
  const { signal, ...rest } = requests[0];
  assert.ok(signal instanceof AbortSignal);
  assert.deepEqual(rest, { k: 5, mode: 'keyword', activeFile: '/w/app/a.ts', query: 'how do I install?', scope: 'docs', pathPrefix: '/w/wiki' });
  assert.deepEqual(models, ['m1']);
  const done = events.find((e) => e.type === 'done');
  assert.ok(done && done.type === 'done');
  assert.equal(done.turn.question, 'how do I install?');
  assert.deepEqual(done.cited, [1]);
});

test('ask: the picked scope applies without a prefix; an unknown folder is reported and everything searched', async () => {
  const { deps, requests } = fixture();
  const events = await collect(ask(deps, { ...input, question: '@folder:nowhere setup steps', scope: 'code' }, new AbortController().signal));
  assert.deepEqual(events[0], { type: 'folderUnknown', name: 'nowhere' });
  assert.equal(requests[0].scope, 'code');
  assert.equal(requests[0].pathPrefix, undefined);
});

test('ask: the search result (with its fallback) comes before the sources it produced', async () => {
  const { deps } = fixture({ mode: 'keyword', fallbackReason: 'Ollama is not running' });
  const events = await collect(ask(deps, { ...input, question: 'setup?' }, new AbortController().signal));
  const types = events.map((e) => e.type);
  const searched = types.indexOf('searched');
  assert.ok(searched >= 0 && searched < types.indexOf('sources'), types.join(','));
  const ev = events[searched];
  assert.ok(ev.type === 'searched');
  assert.equal(ev.result.fallbackReason, 'Ollama is not running');
});
