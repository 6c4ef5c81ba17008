import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cjkEmbedderAdvice,
  describeEmbedderAdvice,
  embedderLanguages,
  MIN_SAMPLE_UNITS,
  MULTILINGUAL_EMBEDDER,
  sampleScripts,
  ScriptTally,
} from '../../src/indexer/embedderLanguage';

const ZH = '训练大模型需要大量的显存和高带宽的互联。量化可以把权重从十六位压缩到四位，显著降低部署成本。';
const EN = 'Quantization compresses weights from sixteen bits to four, which lowers the cost of serving a model.';

describe('embedderLanguages', () => {
  it('knows the English-only models, with tags, namespaces and case', () => {
    for (const m of ['nomic-embed-text', 'nomic-embed-text:latest', 'NOMIC-EMBED-TEXT:v1.5', 'all-minilm:33m', 'mxbai-embed-large', 'registry.ollama.ai/library/mxbai-embed-large:335m', 'snowflake-arctic-embed:m', 'bge-large', 'bge-small-en-v1.5', 'granite-embedding:30m']) {
      assert.equal(embedderLanguages(m), 'english', m);
    }
  });

  it('knows the multilingual ones, also where they share a prefix with an English family', () => {
    for (const m of ['bge-m3', 'bge-m3:567m', 'qwen3-embedding:0.6b', 'nomic-embed-text-v2-moe', 'jeffh/intfloat-multilingual-e5-large:f16', 'multilingual-e5-small', 'paraphrase-multilingual', 'snowflake-arctic-embed2', 'granite-embedding:278m']) {
      assert.equal(embedderLanguages(m), 'multilingual', m);
    }
  });

  it('says unknown for anything else (no advice for models it cannot judge)', () => {
    assert.equal(embedderLanguages('my-own-embedder'), 'unknown');
    assert.equal(embedderLanguages('bge-large-zh'), 'unknown');
  });
});

describe('ScriptTally', () => {
  it('counts a CJK character or a word of another script as one unit', () => {
    const t = new ScriptTally();
    t.add('用 docker compose 启动 OpenHands');
    // 用, 启, 动 = 3 CJK; docker, compose, OpenHands = 3 words
    assert.deepEqual({ units: t.units, cjk: t.cjk }, { units: 6, cjk: 3 });
    assert.equal(t.share(), 0.5);
  });

  it('counts Japanese kana and Korean Hangul as CJK, punctuation and spaces as nothing', () => {
    const t = new ScriptTally();
    t.add('ひらがな カタカナ 한국어。，！ ...');
    assert.equal(t.units, 11); // 4 hiragana + 4 katakana + 3 hangul
    assert.equal(t.cjk, 11);
  });

  it('reads only the first maxChars of a text', () => {
    const t = new ScriptTally();
    t.add(`${EN} ${ZH}`, EN.length);
    assert.equal(t.cjk, 0);
    assert.ok(t.units > 10);
    assert.equal(new ScriptTally().share(), 0);
  });
});

describe('sampleScripts', () => {
  async function* chunks(texts: string[]): AsyncIterable<{ text: string }> {
    for (const text of texts) yield { text };
  }

  it('stops after maxChunks and honours the abort signal', async () => {
    const tally = await sampleScripts(chunks([ZH, ZH, EN, EN, EN]), { maxChunks: 2 });
    assert.equal(tally.share(), 1);
    const all = await sampleScripts(chunks([ZH, ZH, EN, EN, EN]));
    assert.ok(all.share() > 0.5 && all.share() < 1, String(all.share()));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(sampleScripts(chunks([ZH]), { signal: ac.signal }), { name: 'AbortError' });
  });
});

describe('cjkEmbedderAdvice', () => {
  const tally = (zh: number, en: number) => {
    const t = new ScriptTally();
    for (let i = 0; i < zh; i++) t.add(ZH);
    for (let i = 0; i < en; i++) t.add(EN);
    return t;
  };

  it('advises bge-m3 when most text is CJK and the model is English-only', () => {
    const a = cjkEmbedderAdvice('nomic-embed-text', tally(10, 2));
    assert.ok(a);
    assert.equal(a.suggested, MULTILINGUAL_EMBEDDER);
    assert.equal(a.model, 'nomic-embed-text');
    assert.ok(a.cjkShare > 0.8, String(a.cjkShare));
    assert.match(describeEmbedderAdvice(a), /^Note: \d+% of the indexed text is Chinese\/Japanese\/Korean, but nomic-embed-text is an English-only .*ollama pull bge-m3.*--embed-model bge-m3/);
  });

  it('stays silent for a multilingual or unknown model, mostly English text, a tiny sample or no model', () => {
    assert.equal(cjkEmbedderAdvice('bge-m3', tally(10, 0)), undefined);
    assert.equal(cjkEmbedderAdvice('custom-model', tally(10, 0)), undefined);
    assert.equal(cjkEmbedderAdvice('nomic-embed-text', tally(1, 10)), undefined);
    assert.equal(cjkEmbedderAdvice(null, tally(10, 0)), undefined);
    const small = tally(1, 0);
    assert.ok(small.units < MIN_SAMPLE_UNITS);
    assert.equal(cjkEmbedderAdvice('nomic-embed-text', small), undefined);
  });
});

describe('embedderNote (lore index / lore status)', () => {
  const index = (model: string | null, texts: string[]) => ({
    status: () => ({ model }),
    async *allChunks() {
      for (const text of texts) yield { text };
    },
  });

  it('prints one line for a mostly-CJK index under an English-only model, nothing otherwise', async () => {
    const { embedderNote } = await import('../../src/cli/embedderNote');
    const zh = Array.from({ length: 8 }, () => ZH);
    const line = await embedderNote(index('all-minilm', zh));
    assert.equal(line.split('\n').length, 2, 'one line and its newline');
    assert.match(line, /all-minilm is an English-only/);
    assert.equal(await embedderNote(index('qwen3-embedding:0.6b', zh)), '');
    assert.equal(await embedderNote(index(null, zh)), '');
    assert.equal(await embedderNote(index('all-minilm', Array.from({ length: 8 }, () => EN))), '');
  });
});
