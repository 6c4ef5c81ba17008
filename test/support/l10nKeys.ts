// The runtime message keys of the extension: every literal passed to `vscode.l10n.t(...)` or to a
// Translate named `t` (src/vscode/translate.ts) in src/extension.ts and src/vscode/, found with the
// TypeScript compiler API. A call whose message is not a literal is reported, since no bundle could
// translate it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface L10nScan {
  keys: Set<string>;
  /** `file:line` of calls whose first argument is not a string literal. */
  dynamic: string[];
}

function isTranslateCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text === 't';
  // vscode.l10n.t / l10n.t
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && /(^|\.)l10n$/.test(callee.expression.getText());
}

export function scanL10n(files: string[]): L10nScan {
  const keys = new Set<string>();
  const dynamic: string[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isTranslateCall(node)) {
        const arg = node.arguments[0];
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) keys.add(arg.text);
        else dynamic.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { keys, dynamic };
}

/** src/extension.ts and every .ts under src/vscode/. */
export function extensionSources(repo: string): string[] {
  const dir = join(repo, 'src', 'vscode');
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.ts') ? [join(d, e.name)] : []));
  return [join(repo, 'src', 'extension.ts'), ...walk(dir)];
}
