/**
 * A throughput figure for discover() on real dependency trees of this repository. The time is
 * printed, not asserted (it depends on the machine); the result's consistency is asserted.
 */
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { discover, summarizeSkips } from '../../src/indexer/discovery';

const NODE_MODULES = join(import.meta.dirname, '..', '..', 'node_modules');

describe('discover throughput', () => {
  for (const dir of ['typescript', '.']) {
    const root = join(NODE_MODULES, dir);
    it(`walks node_modules/${dir}`, { skip: !existsSync(root) && 'dependencies not installed' }, async () => {
      const started = performance.now();
      const result = await discover(root);
      const ms = performance.now() - started;
      const entries = result.files.length + result.skipped.length;
      console.log(
        `discover(node_modules/${dir}): ${result.files.length} files, ${result.skipped.length} skips in ` +
          `${ms.toFixed(0)} ms (${Math.round((entries / ms) * 1000)} entries/s)`,
        summarizeSkips(result.skipped),
      );
      assert.ok(result.files.length > 0);
      for (const f of result.files) assert.ok(statSync(f.absPath).size <= 1024 * 1024, f.path);
      assert.ok(!result.files.some((f) => f.path.split('/').includes('node_modules')));
    });
  }
});
