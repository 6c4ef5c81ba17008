/**
 * The chat view's HTML document and its Content-Security-Policy, shared by the extension host
 * (src/vscode/chatViewProvider.ts) and the browser harness (test/webview) so both run the very same
 * page. No `vscode` import: the host passes in `webview.cspSource` and `asWebviewUri(...)` strings.
 */

export interface WebviewHtmlOptions {
  /** `webview.cspSource` (the origin VS Code serves local resources from). */
  cspSource: string;
  /** Fresh per render; see `makeNonce`. */
  nonce: string;
  /** URI of dist/webview.js. */
  scriptUri: string;
  /** URI of media/chat.css. */
  styleUri: string;
  /** URI of codicon.css, only needed if a `vscode-icon` is ever used (the panel ships inline SVG icons). */
  codiconsUri?: string;
  /** Document language, e.g. `vscode.env.language`. */
  lang?: string;
}

/**
 * The policy the page runs under: nothing loads except our script (by nonce), our CSS (from
 * cspSource or by nonce), fonts from cspSource and images from cspSource/data: (theme icons).
 * No `'unsafe-inline'` for styles: @vscode-elements/elements (Lit) styles its components with
 * constructable stylesheets (`adoptedStyleSheets`) and sets inline styles through the CSSOM, neither
 * of which CSP governs (verified in Chromium by test/webview: zero `securitypolicyviolation` events).
 * connect-src, frame-src and form-action stay `'none'`: model output can never make the page talk to
 * the network.
 */
export function webviewCsp(o: Pick<WebviewHtmlOptions, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `script-src 'nonce-${o.nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The full HTML document of the chat view. */
export function renderWebviewHtml(o: WebviewHtmlOptions): string {
  const a = escapeAttr;
  const codicons = o.codiconsUri
    ? `\n  <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${a(o.codiconsUri)}" nonce="${a(o.nonce)}">`
    : '';
  return `<!DOCTYPE html>
<html lang="${a(o.lang ?? 'en')}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${a(webviewCsp(o))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${a(o.styleUri)}" nonce="${a(o.nonce)}">${codicons}
  <title>Lore</title>
</head>
<body>
  <div id="app" class="lore-app"><noscript>Lore's chat needs JavaScript.</noscript></div>
  <script nonce="${a(o.nonce)}" src="${a(o.scriptUri)}"></script>
</body>
</html>
`;
}

/** 32 random alphanumeric characters, from the Web Crypto API (global in Node 20 and browsers). */
export function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  // 256 % 62 != 0 gives a slight bias; irrelevant for a CSP nonce, which only has to be unguessable.
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
