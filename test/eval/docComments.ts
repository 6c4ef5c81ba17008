import type { Node } from 'web-tree-sitter';
import { languageForPath } from '../../src/indexer/chunking';
import { parserFor } from '../../src/indexer/chunking/grammars';
import { firstSentence } from './firstSentence';
import type { LineEdit } from './lineEdits';

/** A doc comment and what it documents, in the original file's lines (1-based, inclusive). */
export interface DocItem {
  query: string;
  startLine: number;
  endLine: number;
}

export interface CodeDocs {
  /** Edits that remove every doc comment / docstring of the file. */
  edits: LineEdit[];
  items: DocItem[];
}

const line = (n: Node) => n.startPosition.row + 1;
const endLine = (n: Node) => (n.endPosition.column === 0 && n.endPosition.row > n.startPosition.row ? n.endPosition.row : n.endPosition.row + 1);

/** What a JSDoc block may document for it to become a query: definitions, not statements. */
const JS_TARGETS = new Set([
  'function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration',
  'method_definition', 'function_signature', 'method_signature', 'abstract_method_signature', 'lexical_declaration',
  'variable_declaration', 'expression_statement', 'interface_declaration', 'type_alias_declaration',
  'enum_declaration', 'public_field_definition', 'pair',
]);
const SIGNATURES = new Set(['function_signature', 'method_signature']);
const IMPLEMENTATIONS = new Set(['function_declaration', 'method_definition', 'generator_function_declaration']);

function* walk(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    yield n;
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
}

function unwrapExport(n: Node): Node {
  return n.type === 'export_statement' ? (n.childForFieldName('declaration') ?? n) : n;
}

/** Last line of a TypeScript overload group: the signatures after the documented one and the implementation. */
function overloadEnd(target: Node): number {
  const decl = unwrapExport(target);
  let end = endLine(target);
  if (!SIGNATURES.has(decl.type)) return end;
  const name = decl.childForFieldName('name')?.text;
  for (let s = target.nextNamedSibling; s; s = s.nextNamedSibling) {
    if (s.type === 'comment') continue;
    const d = unwrapExport(s);
    if (d.childForFieldName('name')?.text !== name) break;
    end = endLine(s);
    if (IMPLEMENTATIONS.has(d.type)) break;
  }
  return end;
}

/** Lines start..end of `lines` without the text `inner`, which spans them (its first and last parts located by search). */
function cutSpan(lines: string[], start: number, end: number, inner: string): LineEdit {
  const parts = inner.split('\n');
  const first = lines[start - 1];
  const last = lines[end - 1];
  const at = first.indexOf(parts[0]);
  const prefix = at >= 0 ? first.slice(0, at) : '';
  const tail = parts[parts.length - 1];
  const suffix = start === end ? first.slice(at + inner.length) : last.slice(last.indexOf(tail) + tail.length);
  if (prefix.trim() === '' && suffix.trim() === '') return { start, end, lines: [] };
  return { start, end, lines: [prefix.trim() === '' ? prefix + suffix.trimStart() : prefix + suffix] };
}

function jsdocDescription(comment: string): string {
  const body = comment.replace(/^\/\*\*/, '').replace(/\*\/$/, '');
  const out: string[] = [];
  for (const raw of body.split('\n')) {
    const l = raw.replace(/^\s*\*?\s?/, '');
    if (/^\s*@/.test(l)) break;
    out.push(l);
  }
  return out.join('\n').trim();
}

function jsDocs(root: Node, lines: string[]): CodeDocs {
  const edits: LineEdit[] = [];
  const items: DocItem[] = [];
  for (const n of walk(root)) {
    if (n.type !== 'comment' || !n.text.startsWith('/**') || n.text === '/**/') continue;
    edits.push(cutSpan(lines, line(n), endLine(n), n.text));
    const target = n.nextNamedSibling;
    // Some authors leave a blank line between the block and what it documents (express does).
    if (!target || lines.slice(endLine(n), line(target) - 1).some((l) => l.trim() !== '')) continue;
    if (!JS_TARGETS.has(unwrapExport(target).type) && !JS_TARGETS.has(target.type)) continue;
    const query = firstSentence(jsdocDescription(n.text));
    if (query) items.push({ query, startLine: line(target), endLine: overloadEnd(target) });
  }
  return { edits, items };
}

function docstringOf(body: Node | null): Node | undefined {
  if (!body) return undefined;
  for (const c of body.namedChildren) {
    if (!c || c.type === 'comment') continue;
    return c.type === 'expression_statement' && c.namedChild(0)?.type === 'string' && c.namedChildCount === 1 ? c : undefined;
  }
  return undefined;
}

function pyDescription(literal: string): string {
  const m = /^[rRuU]*("""|'''|"|')([\s\S]*)\1$/.exec(literal.trim());
  return (m ? m[2] : literal).trim();
}

function pyDocs(root: Node, lines: string[]): CodeDocs {
  const edits: LineEdit[] = [];
  const items: DocItem[] = [];
  const strip = (doc: Node, owner: Node | undefined): void => {
    // `def f(): """doc"""` keeps its docstring: removing the line would remove the definition.
    if (lines[line(doc) - 1].slice(0, doc.startPosition.column).trim() !== '') return;
    const onlyStatement = doc.parent?.namedChildren.filter((c) => c && c.type !== 'comment').length === 1;
    const indent = /^\s*/.exec(lines[line(doc) - 1])?.[0] ?? '';
    // A body that was only a docstring needs a statement to stay valid Python.
    edits.push({ start: line(doc), end: endLine(doc), lines: onlyStatement && owner ? [`${indent}pass`] : [] });
    if (!owner) return;
    const outer = owner.parent?.type === 'decorated_definition' ? owner.parent : owner;
    const query = firstSentence(pyDescription(doc.text));
    if (query) items.push({ query, startLine: line(outer), endLine: endLine(outer) });
  };
  const moduleDoc = docstringOf(root);
  if (moduleDoc) strip(moduleDoc, undefined);
  for (const n of walk(root)) {
    if (n.type !== 'function_definition' && n.type !== 'class_definition') continue;
    const doc = docstringOf(n.childForFieldName('body'));
    if (doc) strip(doc, n);
  }
  return { edits, items };
}

/** Doc comments (JSDoc blocks, Python docstrings) of a source file: the edits that strip them and the queries they give. */
export async function codeDocs(path: string, text: string): Promise<CodeDocs> {
  const grammar = languageForPath(path)?.grammar;
  if (!grammar || !['javascript', 'typescript', 'tsx', 'python'].includes(grammar)) return { edits: [], items: [] };
  const parser = await parserFor(grammar);
  const tree = parser.parse(text);
  if (!tree) return { edits: [], items: [] };
  try {
    const lines = text.split('\n');
    return grammar === 'python' ? pyDocs(tree.rootNode, lines) : jsDocs(tree.rootNode, lines);
  } finally {
    tree.delete();
  }
}
