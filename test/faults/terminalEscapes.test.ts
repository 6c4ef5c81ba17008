/**
 * Terminal escapes (issue 16, item 4). A file whose name and text carry ESC ] 0; (window title),
 * ESC [2J (clear screen), OSC 52 (clipboard write), a C1 CSI and a bare CR is indexed in a folder
 * whose own name carries one; `lore index --verbose`, `search` (text and --json), `ask` and `status`
 * must print no control character but newline and tab, and --json must still name the file exactly.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { assertCliBuilt, runCli, tempDir, type CliRun } from './lib/proc';

const ESC = '\x1b';
const BEL = '\x07';
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('CLI output carries no control sequences from indexed text or paths', () => {
  let sim: OllamaSim;
  let root: string;
  let ws: string;
  const fileName = `notes/${ESC}]0;pwned${BEL}deploy${ESC}[2J.md`;

  before(async () => {
    assertCliBuilt();
    sim = await startOllamaSim();
    root = await tempDir('escapes');
    ws = join(root, `ws${ESC}]0;folder${BEL}`);
    await fs.mkdir(join(ws, 'notes'), { recursive: true });
    await fs.writeFile(join(ws, fileName), [
      `The deploy banner sets the title ${ESC}]0;HACKED${BEL} and clears the screen ${ESC}[2J${ESC}[H.`,
      `The deploy banner copies to the clipboard ${ESC}]52;c;cm0gLXJmIH4=${BEL} and paints \u009b31mred\u009b0m.`,
      `The deploy banner overwrites this line\rFAKE OK`,
      '',
    ].join('\n'));
  });
  after(async () => {
    await sim?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  const controls = (r: CliRun) => [...(r.stdout + r.stderr)].filter((c) => CONTROL.test(c)).map((c) => c.charCodeAt(0).toString(16));

  it('index, search, ask and status print escapes, never the raw controls', { timeout: 60_000 }, async () => {
    const common = ['--index-dir', join(root, 'idx'), '--ollama', sim.url];
    const runs: Record<string, CliRun> = {};
    runs.index = await runCli(['index', ws, ...common, '--verbose']);
    runs.search = await runCli(['search', 'deploy banner clipboard', ws, ...common]);
    runs.searchJson = await runCli(['search', 'deploy banner clipboard', ws, ...common, '--json']);
    runs.ask = await runCli(['ask', 'What does the deploy banner do?', ws, ...common]);
    runs.status = await runCli(['status', ws, ...common]);
    for (const [name, r] of Object.entries(runs)) {
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.deepEqual(controls(r), [], `${name} printed raw control characters`);
    }
    // The scan can fail: the file was found, and its name and text are shown (escaped).
    assert.ok(runs.search.stdout.includes('\\u001b]0;pwned\\u0007deploy'), runs.search.stdout);
    assert.ok(runs.ask.stdout.includes('\\u001b]0;pwned') && runs.ask.stdout.includes('title \\u001b]0;HACKED\\u0007'), runs.ask.stdout);
    assert.ok(runs.status.stdout.includes('\\u001b]0;folder'), runs.status.stdout);
    // --json stays valid and exact: the escape is JSON's own notation for the same character.
    const hits = JSON.parse(runs.searchJson.stdout) as { path: string }[];
    assert.equal(hits[0]?.path, fileName);
  });
});
