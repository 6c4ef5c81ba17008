// Desktop runner for the same integration suite: `npm run build && npx tsx test/integration/runElectron.ts`.
// @vscode/test-electron downloads VS Code (not possible on the offline CI machine, where test/e2e/run.sh runs the
// suite in the VS Code server instead). Uses a throwaway copy of the e2e fixture workspace and user-data dir.
// No ollama-sim is started here, so the tests that need it skip; set LORE_E2E_OLLAMA_HOST to a running one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-it-'));
  try {
    const workspace = path.join(tmp, 'ws');
    fs.cpSync(path.join(root, 'test/fixtures/e2e-workspace'), workspace, { recursive: true });
    const ollamaHost = process.env.LORE_E2E_OLLAMA_HOST ?? 'http://127.0.0.1:9';
    const userDir = path.join(tmp, 'ud', 'User');
    fs.mkdirSync(userDir, { recursive: true });
    fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'lore.ollamaHost': ollamaHost,
    }, null, 2));
    await runTests({
      version: process.env.LORE_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out/test/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'ud')],
      extensionTestsEnv: {
        LORE_E2E_OLLAMA_HOST: ollamaHost,
        LORE_E2E_OLLAMA_SIM: process.env.LORE_E2E_OLLAMA_HOST ? 'running' : 'absent',
      },
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('integration tests failed:', err);
  process.exit(1);
});
