// Browser side of the webview harness: a fake `acquireVsCodeApi` that records what the panel
// posts and keeps its state in sessionStorage (so a reload shows what VS Code's getState restores),
// plus a CSP violation log and the theme class VS Code puts on <body>.
(() => {
  const KEY = 'lore-harness-state';
  window.__posted = [];
  window.__cspViolations = [];
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => {
        const s = sessionStorage.getItem(KEY);
        return s ? JSON.parse(s) : undefined;
      },
      setState: (s) => sessionStorage.setItem(KEY, JSON.stringify(s)),
    };
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  const params = new URLSearchParams(location.search);
  const kinds = {
    dark: ['vscode-dark'], light: ['vscode-light'], hc: ['vscode-high-contrast'],
  };
  document.addEventListener('DOMContentLoaded', () => {
    document.body.classList.add(...(kinds[params.get('theme') ?? 'dark'] ?? kinds.dark));
  });
  window.__send = (m) => window.postMessage(m, '*');
  // `?autoplay` plays the scripted conversation for a person watching the page.
  if (params.has('autoplay')) {
    window.addEventListener('load', async () => {
      // Loaded by its own nonce'd script tag: the CSP forbids fetch().
      for (const step of window.__conversation ?? []) {
        await new Promise((r) => setTimeout(r, step.delayMs ?? 30));
        window.postMessage(step.message, '*');
      }
    });
  }
})();
