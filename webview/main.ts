/** Entry of the chat webview bundle (dist/webview.js): registers components, starts the app. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import { App } from './app';
import { connectHost } from './vscodeApi';

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('Lore: #app missing from the webview HTML');
  const app = new App(root, connectHost());
  window.addEventListener('message', (e: MessageEvent<unknown>) => app.receive(e.data));
  // The host queues its messages until this arrives, then sends `init` (ARCHITECTURE.md, "src/vscode/").
  app.post({ type: 'ready' });
}

start();
