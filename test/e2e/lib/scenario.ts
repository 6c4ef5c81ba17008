import type { Workbench } from './workbench';

export interface Scenario {
  /** Also the screenshot name: test-results/e2e/<name>.png. */
  name: string;
  /** Needs ollama-sim (skipped with a message when test/support/ollamaSim is absent). */
  needsSim: boolean;
  /** Drives the opened workbench; throws on failure. The runner screenshots after it, pass or fail. */
  run(workbench: Workbench): Promise<void>;
}

/** assert-style helper that names what was expected, for readable scenario failures. */
export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
