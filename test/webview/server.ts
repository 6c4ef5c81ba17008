/**
 * Serves the chat view exactly as the host builds it (renderWebviewHtml + its CSP) plus the harness
 * scripts, on 127.0.0.1. `tsx test/webview/server.ts` keeps it running for a person to look at.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { makeNonce, renderWebviewHtml } from '../../src/webviewHtml';
import { fullConversation } from './conversation';

// The package is CommonJS (tsx runs this file as CJS), so __dirname rather than import.meta.
const ROOT = resolve(__dirname, '../..');

const FILES: Record<string, { file: string; type: string }> = {
  '/dist/webview.js': { file: 'dist/webview.js', type: 'text/javascript' },
  '/media/chat.css': { file: 'media/chat.css', type: 'text/css' },
  '/harness/harness.js': { file: 'test/webview/harness.js', type: 'text/javascript' },
  '/harness/themes.css': { file: 'test/webview/themes.css', type: 'text/css' },
};

export function pageHtml(origin: string): string {
  const nonce = makeNonce();
  const html = renderWebviewHtml({
    cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/chat.css`,
  });
  // The fake VS Code API must exist before dist/webview.js runs, so it goes into <head>.
  const extra = `  <link rel="stylesheet" href="/harness/themes.css" nonce="${nonce}">
  <script nonce="${nonce}" src="/harness/harness.js"></script>
  <script nonce="${nonce}" src="/harness/conversation.js"></script>
</head>`;
  return html.replace('</head>', extra);
}

export interface HarnessServer {
  origin: string;
  close(): Promise<void>;
}

export async function startServer(port = 0): Promise<HarnessServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', origin).pathname;
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml(origin));
      } else if (path === '/harness/conversation.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' })
          .end(`window.__conversation = ${JSON.stringify(fullConversation())};`);
      } else if (path === '/favicon.ico') {
        res.writeHead(204).end();
      } else if (FILES[path]) {
        const f = FILES[path];
        try {
          res.writeHead(200, { 'content-type': f.type }).end(await readFile(join(ROOT, f.file)));
        } catch {
          res.writeHead(500).end(`missing ${f.file}: run the build first`);
        }
      } else {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

if (require.main === module) {
  void startServer(Number(process.env.PORT ?? 0)).then((s) => {
    console.log(`Lore webview harness: ${s.origin}/?theme=dark&autoplay  (themes: dark, light, hc)`);
  });
}
