/**
 * `tsx bench/eventLoopBlocks.ts [--latency MS]`: how long a full index of the bench corpus holds the
 * event loop at a stretch (in the extension host, every other extension waits that long). A 1 ms
 * timer notes each late wake-up over 20 ms; prints the count and total of blocks over 50, 100 and
 * 250 ms and the longest. Not part of `npm run bench` (figures in bench/RESULTS.md).
 */
import { parseArgs } from 'node:util';
import { fullIndexRun } from './fullIndex';
import { ensureCorpus } from './lib/corpus';

const { values } = parseArgs({ options: { latency: { type: 'string', default: '0' } } });

async function main(): Promise<void> {
  const corpus = ensureCorpus((m) => void process.stderr.write(`${m}\n`));
  const blocks: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > 20) blocks.push(now - last);
    last = now;
  }, 1);
  const run = await fullIndexRun(corpus, Number(values.latency));
  clearInterval(timer);
  blocks.sort((a, b) => b - a);
  const over = (ms: number) => blocks.filter((b) => b > ms);
  const seconds = (a: number[]) => (a.reduce((x, y) => x + y, 0) / 1000).toFixed(1);
  console.log(
    `full index at ${values.latency} ms/text: wall ${(run.wallMs / 1000).toFixed(1)} s; blocks > 50 ms: ${over(50).length} (${seconds(over(50))} s), ` +
      `> 100 ms: ${over(100).length}, > 250 ms: ${over(250).length}; longest ${blocks.slice(0, 6).map((b) => b.toFixed(0)).join(', ')} ms`,
  );
}
void main();
