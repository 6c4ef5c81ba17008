// User-visible text built by modules that must stay free of `vscode` (pure, unit-tested): they take a
// Translate, and the vscode edge passes `vscode.l10n.t`. Every literal passed to a function named `t`
// (or to `l10n.t`) in src/extension.ts and src/vscode/ is a key of l10n/bundle.l10n.<locale>.json;
// test/unit/l10nBundles.test.ts checks that each one is translated.

/** The shape of `vscode.l10n.t(message, ...args)`: `{0}`, `{1}` ... are filled from `args`. */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

/** English, as vscode.l10n.t behaves with no bundle loaded: the key is the text, placeholders filled in. */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (match, i: string) => {
    const arg = args[Number(i)];
    return arg === undefined ? match : String(arg);
  });
