import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Embedder } from '../../src/indexer/embedder';
import { FolderIndex } from '../../src/indexer/folderIndex';
import { bareModelName, contextTokensFor, prefixesFor } from '../../src/indexer/modelPrefixes';
import { OllamaClient } from '../../src/ollama';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';

const BGE = 'Represent this sentence for searching relevant passages: ';

describe('prefixesFor', () => {
  const cases: [string, string, string][] = [
    ['nomic-embed-text', 'search_query: ', 'search_document: '],
    ['nomic-embed-text:v1.5', 'search_query: ', 'search_document: '],
    ['mxbai-embed-large:latest', BGE, ''],
    ['bge-large', BGE, ''],
    ['bge-m3', '', ''],
    ['snowflake-arctic-embed:335m', BGE, ''],
    ['snowflake-arctic-embed2', 'query: ', ''],
    ['jeffh/intfloat-multilingual-e5-large:f16', 'query: ', 'passage: '],
    ['all-minilm', '', ''],
    ['some-unknown-model', '', ''],
  ];
  for (const [model, query, document] of cases) {
    it(model, () => assert.deepEqual(prefixesFor(model), { query, document }));
  }
  it('is case-insensitive and ignores namespace and tag', () => {
    assert.equal(bareModelName('registry.example:5000/Team/Nomic-Embed-Text:latest'), 'nomic-embed-text');
    assert.deepEqual(prefixesFor('Team/Nomic-Embed-Text:latest'), prefixesFor('nomic-embed-text'));
  });
  it('lets the user override either prefix, including switching it off', () => {
    assert.deepEqual(prefixesFor('nomic-embed-text', { query: '' }), { query: '', document: 'search_document: ' });
    assert.deepEqual(prefixesFor('all-minilm', { document: 'doc: ' }), { query: '', document: 'doc: ' });
  });
});

describe('contextTokensFor', () => {
  it('knows the common embedding models and defaults to 512', () => {
    assert.equal(contextTokensFor('nomic-embed-text'), 2048);
    assert.equal(contextTokensFor('mxbai-embed-large'), 512);
    assert.equal(contextTokensFor('all-minilm:l6-v2'), 256);
    assert.equal(contextTokensFor('something-new'), 512);
  });
});

describe('prefixes on the wire (Embedder and FolderIndex over ollama-sim)', { timeout: 30_000 }, () => {
  // The names people pull from the Ollama library, one per family.
  const families: [string, string, string][] = [
    ['nomic-embed-text:latest', 'search_query: ', 'search_document: '],
    ['mxbai-embed-large:335m', BGE, ''],
    ['bge-large:335m', BGE, ''],
    ['bge-m3:567m', '', ''],
    ['snowflake-arctic-embed:110m', BGE, ''],
    ['snowflake-arctic-embed2:568m', 'query: ', ''],
    ['jeffh/intfloat-multilingual-e5-large:f16', 'query: ', 'passage: '],
    ['yxchia/multilingual-e5-large-instruct:latest', 'Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery: ', ''],
    ['all-minilm:l6-v2', '', ''],
  ];
  let sim: OllamaSim;
  let client: OllamaClient;
  let dir: string;
  before(async () => {
    sim = await startOllamaSim({ logInputs: true, models: { embed: families.map(([m]) => m), chat: [] } });
    client = new OllamaClient({ host: sim.url });
    dir = await mkdtemp(join(tmpdir(), 'lore-prefix-'));
    await mkdir(join(dir, 'ws'));
    await writeFile(join(dir, 'ws', 'notes.md'), '# Retries\n\nFailed requests are retried with backoff.\n');
  });
  after(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });
  const inputsSince = (since: number) => sim.log.slice(since).filter((e) => e.path === '/api/embed').flatMap((e) => e.inputs ?? []);

  for (const [model, query, document] of families) {
    it(model, async () => {
      const since = sim.log.length;
      const embedder = new Embedder(client, { model });
      await embedder.embedDocuments(['some chunk']);
      await embedder.embedQuery('a question');
      assert.deepEqual(inputsSince(since), [`${document}some chunk`, `${query}a question`]);
    });
  }

  it('honours lore.queryPrefix / lore.documentPrefix overrides through indexing and search', async () => {
    const since = sim.log.length;
    const embedder = new Embedder(client, { model: 'nomic-embed-text:latest', prefixes: { query: 'Q> ', document: '' } });
    const index = await FolderIndex.open({ folder: join(dir, 'ws'), indexDir: join(dir, 'index'), model: 'nomic-embed-text:latest', embedder });
    try {
      await index.update();
      const result = await index.search({ query: 'how are retries done', mode: 'vector' });
      assert.equal(result.mode, 'vector');
      assert.equal(result.hits[0]?.path, 'notes.md');
    } finally {
      await index.close();
    }
    const sent = inputsSince(since);
    assert.ok(sent.includes('Q> how are retries done'), JSON.stringify(sent));
    const chunkInputs = sent.filter((s) => s.includes('Failed requests'));
    assert.ok(chunkInputs.length > 0 && chunkInputs.every((s) => s.startsWith('File: notes.md')), JSON.stringify(chunkInputs));
  });
});
