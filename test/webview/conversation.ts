/**
 * The scripted conversation the harness plays: every kind of host message, streamed the way the
 * host streams them, including hostile model output that must render inert.
 */
import type { HostMessage, WirePassage, WireSource } from '../../src/protocol';

export interface Step {
  message: HostMessage;
  delayMs?: number;
}

export const SOURCES: WireSource[] = [
  { n: 1, path: 'src/indexer/indexer.ts', startLine: 40, endLine: 88, symbol: 'class Indexer > method update', language: 'typescript', kind: 'code' },
  { n: 2, path: 'src/indexer/store.ts', startLine: 12, endLine: 30, symbol: 'function writeAtomic', language: 'typescript', kind: 'code' },
  { n: 3, path: 'docs/architecture.md', startLine: 1, endLine: 24, symbol: 'Architecture > Storage', language: 'markdown', kind: 'doc' },
];

/** Hostile Markdown: none of it may execute, navigate, or produce a non-http(s) link. */
export const HOSTILE = [
  'Hostile output follows.',
  '',
  '<img src=x onerror="window.__xss=1">',
  '',
  '<script>window.__xss=1</script>',
  '',
  '[click](javascript:window.__xss=1) and [data](data:text/html,<script>window.__xss=1</script>)',
  '',
  '![i](javascript:window.__xss=1) ![remote](https://example.com/track.png)',
  '',
  '<javascript:window.__xss=1> <vscode://file/etc/passwd> <command:workbench.action.terminal.new>',
  '',
  '[entity](&#106;avascript:window.__xss=1) [tab](java\tscript:window.__xss=1) [cmd](command:lore.reindex)',
  '',
  '[docs](https://example.com/docs) and <https://example.com/auto>',
  '',
  '<a href="javascript:window.__xss=1">raw anchor</a> <div onclick="window.__xss=1">div</div>',
].join('\n');

export const ANSWER = [
  'The indexer writes each shard **atomically**: it writes a temp file and renames it [2], so a crash',
  'never leaves a half-written index. `update()` re-chunks only files whose hash changed [1][3].',
  '',
  '```typescript',
  'async function writeAtomic(file: string, data: string): Promise<void> {',
  "  const tmp = `${file}.${process.pid}.tmp`;",
  '  await fs.writeFile(tmp, data); // never a partial file',
  '  await fs.rename(tmp, file);',
  '}',
  '```',
  '',
  '| Step | Cost |',
  '| :--- | ---: |',
  '| chunk | 2 ms |',
  '| embed | 40 ms |',
  '',
  '- Writes are serialised per shard [2].',
  '- An index built with another embedding model is rebuilt, never mixed [1, 3].',
  '',
  HOSTILE,
].join('\n');

const THINKING = 'The user asks how the index stays consistent. Source 2 shows writeAtomic; source 1 shows update().';

const PASSAGES: WirePassage[] = [
  { ...SOURCES[0]!, text: 'async update(files: string[], signal: AbortSignal) {\n  for (const f of files) await this.reindex(f, signal);\n}' },
  { ...SOURCES[2]!, text: '## Storage\nShards are written atomically (temp file + rename).' },
];

/** Splits text into small pieces, as a model streams tokens. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function initMessage(): HostMessage {
  return {
    type: 'init', turns: [], models: ['deepseek-r1:1.5b', 'qwen2.5-coder:7b', 'llama3.2:3b'],
    currentModel: 'deepseek-r1:1.5b', index: { state: 'indexing', filesDone: 120, filesTotal: 900, chunks: 2400 },
    settings: { sourcesShown: 'all' },
  };
}

/** Turn 1 up to (not including) its end: the harness checks the streaming UI before finishing it. */
export function firstTurnStreaming(): Step[] {
  const turnId = 't1';
  return [
    { message: { type: 'turnStarted', turnId, question: 'How does the index stay consistent if VS Code crashes mid-write?' } },
    { message: { type: 'status', turnId, text: 'Searching 2,400 chunks…' } },
    { message: { type: 'sources', turnId, sources: SOURCES } },
    ...pieces(THINKING, 12).map((text): Step => ({ message: { type: 'thinkingDelta', turnId, text }, delayMs: 5 })),
    ...pieces(ANSWER, 9).map((text): Step => ({ message: { type: 'answerDelta', turnId, text }, delayMs: 2 })),
  ];
}

export function restOfConversation(): Step[] {
  return [
    { message: { type: 'turnDone', turnId: 't1', stopped: false, cited: [1, 2, 3] } },
    { message: { type: 'indexStatus', state: 'ready', filesDone: 900, filesTotal: 900, chunks: 9100 } },
    { message: { type: 'turnStarted', turnId: 't2', question: '解释这个函数', selection: { path: 'src/indexer/store.ts', startLine: 12, endLine: 30 } } },
    { message: { type: 'sources', turnId: 't2', sources: [SOURCES[0]!, SOURCES[2]!] } },
    {
      message: {
        type: 'turnError', turnId: 't2', message: 'Ollama is not reachable at http://127.0.0.1:11434',
        advice: 'Start it with `ollama serve`, then retry. Meanwhile, here are the best matching passages.',
        actions: ['retry', 'openSetup', 'showLog'], retrievalOnly: PASSAGES,
        // The core's heading in the language of the question (Chinese here), whatever the display language.
        passagesHeading: '聊天模型未能作答，以下是最相关的 2 个段落：',
      },
    },
    { message: { type: 'turnStarted', turnId: 't3', question: 'Summarise the storage design' } },
    {
      message: {
        type: 'turnError', turnId: 't3', message: 'Model `qwen2.5-coder:7b` is not installed',
        advice: 'Pull it (about 4.7 GB) or pick another model above.', actions: ['pullModel', 'showLog'], model: 'qwen2.5-coder:7b',
      },
    },
    { message: { type: 'pullProgress', model: 'qwen2.5-coder:7b', status: 'downloading', completed: 1_900_000_000, total: 4_700_000_000 } },
    { message: { type: 'prefill', text: 'What calls this?', selection: { path: 'src/indexer/store.ts', startLine: 12, endLine: 30 } } },
  ];
}

export function fullConversation(): Step[] {
  return [{ message: initMessage() }, ...firstTurnStreaming(), ...restOfConversation()];
}
