// What test/e2e/run.sh hands to the drivers, read once and checked, so a missing variable fails loudly.
import * as path from 'node:path';

export interface HarnessEnv {
  /** http://127.0.0.1:PORT of the VS Code server. */
  origin: string;
  /** Folder with Lore's package.json (extensionDevelopmentPath). */
  extensionPath: string;
  /** The throwaway copy of test/fixtures/e2e-workspace. */
  workspace: string;
  /** Where screenshots go (test-results/e2e). */
  resultsDir: string;
  /** ollama-sim URL written to lore.ollamaHost. */
  ollamaHost: string;
  /** Whether ollama-sim was started (it may not exist yet). */
  simRunning: boolean;
  /** Overall timeout of one driver, ms. */
  timeoutMs: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the e2e tests through test/e2e/run.sh`);
  return value;
}

export function harnessEnv(): HarnessEnv {
  return {
    origin: required('LORE_E2E_ORIGIN'),
    extensionPath: path.resolve(required('LORE_E2E_EXTENSION')),
    workspace: path.resolve(required('LORE_E2E_WORKSPACE')),
    resultsDir: path.resolve(required('LORE_E2E_RESULTS')),
    ollamaHost: required('LORE_E2E_OLLAMA_HOST'),
    simRunning: process.env.LORE_E2E_OLLAMA_SIM === 'running',
    timeoutMs: Number(process.env.LORE_E2E_DRIVER_TIMEOUT_MS ?? 240_000),
  };
}

/** The closing line the harness and CI read. */
export function countsLine(label: string, passed: number, failed: number, skipped: number): string {
  return `${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}
