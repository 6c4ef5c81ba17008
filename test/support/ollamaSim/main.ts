/**
 * `npm run ollama-sim -- --port P [--embedder hash|model2vec] [--dims N] [--embed-latency-ms N] [--token-latency-ms N]`
 * Runs ollama-sim until interrupted.
 */
import { parseArgs } from 'node:util';
import { startOllamaSim } from './index';

function numberFlag(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a non-negative number, got ${String(raw)}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      embedder: { type: 'string' },
      dims: { type: 'string' },
      'embed-latency-ms': { type: 'string' },
      'token-latency-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: ollama-sim [--port P] [--embedder hash|model2vec] [--dims N] [--embed-latency-ms N] [--token-latency-ms N]');
    return;
  }
  const embedder = values.embedder ?? 'hash';
  if (embedder !== 'hash' && embedder !== 'model2vec') throw new Error(`--embedder must be hash or model2vec, got ${embedder}`);
  const sim = await startOllamaSim({
    port: numberFlag(values, 'port') ?? 11434,
    embedder,
    dims: numberFlag(values, 'dims'),
    embedLatencyMs: numberFlag(values, 'embed-latency-ms'),
    tokenLatencyMs: numberFlag(values, 'token-latency-ms'),
  });
  console.log(`ollama-sim listening on ${sim.url}`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
