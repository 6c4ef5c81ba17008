// Issue 18's acceptance test: a folder of Chinese notes (beside English docs) indexed with Ollama
// down, then searched with Chinese questions. Real files, a real FolderIndex on disk, real HTTP
// refused by a closed loopback port.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from '../support/ports';
import { OllamaClient } from '../../src/ollama';
import { Embedder } from '../../src/indexer/embedder';
import { FolderIndex } from '../../src/indexer/folderIndex';

const NOTES: Record<string, string> = {
  '笔记/硬件与训练.md': `# 训练与推理的硬件

## 训练

从头训练或全参数微调一个大模型，需要多张高显存的 GPU（例如 80GB 的 A100 或 H100），
并用 NVLink 或 InfiniBand 把它们高速互联；显存决定了能放下多大的模型和多大的批次。

## 推理

本地推理对硬件的要求低得多：一张 24GB 显存的消费级显卡就能运行量化后的 14B 模型，
没有显卡时也可以用 CPU 和内存运行小模型，只是速度较慢。
`,
  '笔记/量化.md': `# 模型压缩

量化是把模型权重从 16 位浮点数压缩成 8 位或 4 位整数的方法，显存占用随之减少一半以上，
而回答质量通常只下降一点。常见格式有 GGUF 的 Q4_K_M 和 Q8_0。

蒸馏则是用大模型的输出去训练一个小模型，让小模型学到相近的能力。
`,
  '笔记/知识库.md': `# 用 RAG 搭建知识库

与其微调模型，不如先搭一个知识库：把文档切成段落，用嵌入模型生成向量，提问时先检索相关段落，
再把它们连同问题一起交给大模型回答。MaxKB 和 AnythingLLM 都是这种思路的开源实现。

用 docker compose 启动 OpenHands 时，记得把 Ollama 的地址写进环境变量。
`,
  '笔记/微调.txt': `LoRA 和 PEFT

LoRA 只训练插入到注意力层里的低秩矩阵，因此微调一个 7B 模型只需要一张显卡；PEFT 库实现了 LoRA 等多种参数高效微调方法。
微调适合改变模型的语气和格式，不适合给模型灌输大量新知识。
`,
  'docs/deploy.md': `# Deployment

Run the server with \`docker compose up\`. Training a large model from scratch requires many GPUs;
this guide only covers inference on a single machine.
`,
};

const temps: string[] = [];
after(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

async function notesIndex(): Promise<{ open: () => Promise<FolderIndex> }> {
  const root = await mkdtemp(join(tmpdir(), 'lore-zh-'));
  temps.push(root);
  const folder = join(root, 'notes');
  for (const [path, text] of Object.entries(NOTES)) {
    await mkdir(join(folder, path, '..'), { recursive: true });
    await writeFile(join(folder, path), text);
  }
  const host = `http://127.0.0.1:${await closedPort()}`;
  const model = 'nomic-embed-text';
  const open = () =>
    FolderIndex.open({ folder, indexDir: join(root, 'index'), model, embedder: new Embedder(new OllamaClient({ host, requestTimeoutMs: 2000 }), { model, maxRetries: 0 }) });
  return { open };
}

const first = async (index: FolderIndex, query: string) => {
  const result = await index.search({ query, k: 5 });
  assert.equal(result.mode, 'keyword', 'falls back to keyword search with Ollama down');
  return result.hits[0];
};

test('with Ollama down, Chinese questions over Chinese notes find the right passage first', async () => {
  const { open } = await notesIndex();
  const index = await open();
  try {
    const report = await index.update();
    assert.equal(report.vectors, false, 'no vectors: Ollama is down');
    assert.ok(report.chunks >= Object.keys(NOTES).length, `${report.chunks} chunks`);

    const hardware = await first(index, '训练大模型需要什么样的硬件');
    assert.equal(hardware?.path, '笔记/硬件与训练.md');
    assert.match(hardware?.text ?? '', /A100/);
    assert.equal((await first(index, '什么是量化？'))?.path, '笔记/量化.md');
    assert.equal((await first(index, '怎么用知识库代替微调'))?.path, '笔记/知识库.md');
    assert.equal((await first(index, 'LoRA 微调需要几张显卡'))?.path, '笔记/微调.txt');
    // Mixed text keeps its Latin words.
    assert.equal((await first(index, '用 docker compose 启动 OpenHands'))?.path, '笔记/知识库.md');
  } finally {
    await index.close();
  }
  // Reopened from disk (keyword.bin), the same question still finds it.
  const again = await open();
  try {
    assert.equal((await first(again, '训练大模型需要什么样的硬件'))?.path, '笔记/硬件与训练.md');
  } finally {
    await again.close();
  }
});
