/**
 * Per-grammar tables of the tree-sitter nodes that are definitions, with the label and name used
 * in symbol paths (`class Indexer > method update`, `impl Store > fn save`). Node types were read
 * off the @cursorless/tree-sitter-wasms grammars with the polyglot fixtures.
 */
import type { Node } from 'web-tree-sitter';

export interface DefRule {
  /** Kind shown in the symbol path; a function may decide the node is not a definition (undefined). */
  label: string | ((n: Node) => string | undefined);
  /** Defaults to the text of the `name` field. */
  name?: (n: Node) => string | undefined;
}

export interface LanguageRules {
  defs: Record<string, DefRule>;
  /** Nodes that only wrap one definition (export, decorators, templates): the chunk starts at them. */
  wrappers: ReadonlySet<string>;
  /** Labels inside which a `function` is called a `method`. */
  methodParents: ReadonlySet<string>;
}

const field = (f: string) => (n: Node) => n.childForFieldName(f)?.text;
const childOfType = (...types: string[]) => (n: Node) => n.namedChildren.find((c) => types.includes(c.type))?.text;
const hasBody = (label: string) => (n: Node) => (n.childForFieldName('body') ? label : undefined);
const hasChild = (n: Node, type: string) => n.children.some((c) => c.type === type);

const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);
const TEST_BLOCKS = new Set(['describe', 'it', 'test', 'suite', 'context']);

/** `describe('x', () => ...)` / `it.each(...)('y', ...)`: test blocks read best as their title. */
function testBlock(n: Node): string | undefined {
  let callee = n.childForFieldName('function');
  while (callee?.type === 'member_expression') callee = callee.childForFieldName('object');
  if (callee?.type !== 'identifier' || !TEST_BLOCKS.has(callee.text)) return undefined;
  const args = n.childForFieldName('arguments')?.namedChildren ?? [];
  return args.some((a) => FUNCTION_VALUES.has(a.type)) ? callee.text : undefined;
}

const jsDefs: Record<string, DefRule> = {
  function_declaration: { label: 'function' },
  generator_function_declaration: { label: 'function' },
  class_declaration: { label: 'class' },
  abstract_class_declaration: { label: 'class' },
  class: { label: (n) => (n.childForFieldName('name') ? 'class' : undefined) },
  method_definition: {
    label: (n) => (n.childForFieldName('name')?.text === 'constructor' ? 'constructor' : 'method'),
    name: (n) => { const t = n.childForFieldName('name')?.text; return t === 'constructor' ? undefined : t; },
  },
  interface_declaration: { label: 'interface' },
  enum_declaration: { label: 'enum' },
  type_alias_declaration: { label: 'type' },
  internal_module: { label: 'namespace' },
  module: { label: 'module' },
  variable_declarator: {
    label: (n) => {
      const v = n.childForFieldName('value')?.type;
      return v === undefined ? undefined : FUNCTION_VALUES.has(v) ? 'function' : v === 'class' ? 'class' : undefined;
    },
  },
  public_field_definition: { label: (n) => (FUNCTION_VALUES.has(n.childForFieldName('value')?.type ?? '') ? 'method' : undefined) },
  field_definition: {
    label: (n) => (FUNCTION_VALUES.has(n.childForFieldName('value')?.type ?? '') ? 'method' : undefined),
    name: field('property'),
  },
  call_expression: {
    label: testBlock,
    name: (n) => n.childForFieldName('arguments')?.namedChildren[0]?.text,
  },
};
const jsWrappers = new Set(['export_statement', 'lexical_declaration', 'variable_declaration', 'expression_statement', 'ambient_declaration']);

/** C/C++ function names sit under nested declarators: `int *(*f)(void)`, `Foo::bar() const`. */
function declaratorName(n: Node): string | undefined {
  let d = n.childForFieldName('declarator');
  for (let i = 0; d && i < 8; i++) {
    if (/identifier$|^destructor_name$|^operator_name$|^template_function$/.test(d.type)) return d.text;
    d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c.type.endsWith('declarator') || c.type.endsWith('identifier')) ?? null;
  }
  return undefined;
}

/** `typedef struct { ... } point_t;` names the struct by its typedef. */
const cTypeName = (n: Node) => n.childForFieldName('name')?.text
  ?? (n.parent?.type === 'type_definition' ? n.parent.childForFieldName('declarator')?.text : undefined);

const cDefs: Record<string, DefRule> = {
  function_definition: { label: 'function', name: declaratorName },
  struct_specifier: { label: hasBody('struct'), name: cTypeName },
  union_specifier: { label: hasBody('union'), name: cTypeName },
  enum_specifier: { label: hasBody('enum'), name: cTypeName },
};

const cppDefs: Record<string, DefRule> = {
  ...cDefs,
  class_specifier: { label: hasBody('class'), name: cTypeName },
  namespace_definition: { label: 'namespace' },
};

const goReceiver = (n: Node) => {
  const recv = n.childForFieldName('receiver')?.namedChildren[0]?.childForFieldName('type')?.text;
  const name = n.childForFieldName('name')?.text;
  return recv ? `(${recv}).${name}` : name;
};

const kotlinClass = (n: Node) => (hasChild(n, 'interface') ? 'interface' : hasChild(n, 'enum') ? 'enum' : 'class');

const DEFAULT_METHOD_PARENTS = new Set([
  'class', 'struct', 'interface', 'trait', 'object', 'companion object', 'enum', 'record', 'protocol', 'extension', 'actor',
]);

function rules(defs: Record<string, DefRule>, wrappers: string[] = [], methodParents = DEFAULT_METHOD_PARENTS): LanguageRules {
  return { defs, wrappers: new Set(wrappers), methodParents };
}

const RULES: Record<string, LanguageRules> = {
  typescript: rules(jsDefs, [...jsWrappers]),
  tsx: rules(jsDefs, [...jsWrappers]),
  javascript: rules(jsDefs, [...jsWrappers]),
  python: rules({ class_definition: { label: 'class' }, function_definition: { label: 'function' } }, ['decorated_definition']),
  go: rules({
    function_declaration: { label: 'func' },
    method_declaration: { label: 'method', name: goReceiver },
    type_spec: {
      label: (n) => ({ struct_type: 'struct', interface_type: 'interface' })[n.childForFieldName('type')?.type ?? ''] ?? 'type',
    },
  }, ['type_declaration']),
  rust: rules({
    function_item: { label: 'fn' },
    struct_item: { label: 'struct' },
    enum_item: { label: 'enum' },
    union_item: { label: 'union' },
    trait_item: { label: 'trait' },
    impl_item: {
      label: 'impl',
      name: (n) => {
        const type = n.childForFieldName('type')?.text;
        const trait = n.childForFieldName('trait')?.text;
        return trait ? `${trait} for ${type}` : type;
      },
    },
    mod_item: { label: hasBody('mod') },
    macro_definition: { label: 'macro' },
  }),
  java: rules({
    class_declaration: { label: 'class' },
    interface_declaration: { label: 'interface' },
    enum_declaration: { label: 'enum' },
    record_declaration: { label: 'record' },
    annotation_type_declaration: { label: '@interface' },
    method_declaration: { label: 'method' },
    constructor_declaration: { label: 'constructor', name: () => undefined },
    compact_constructor_declaration: { label: 'constructor', name: () => undefined },
  }),
  c: rules(cDefs, ['type_definition', 'declaration']),
  cpp: rules(cppDefs, ['type_definition', 'declaration', 'template_declaration']),
  c_sharp: rules({
    namespace_declaration: { label: 'namespace' },
    file_scoped_namespace_declaration: { label: 'namespace' },
    class_declaration: { label: 'class' },
    struct_declaration: { label: 'struct' },
    interface_declaration: { label: 'interface' },
    enum_declaration: { label: 'enum' },
    record_declaration: { label: 'record' },
    method_declaration: { label: 'method' },
    constructor_declaration: { label: 'constructor', name: () => undefined },
    destructor_declaration: { label: 'destructor', name: () => undefined },
    property_declaration: { label: 'property' },
    operator_declaration: { label: 'operator', name: field('operator') },
    local_function_statement: { label: 'function' },
  }),
  ruby: rules({
    module: { label: 'module' },
    class: { label: 'class' },
    method: { label: 'function' },
    singleton_method: { label: 'method', name: (n) => `${n.childForFieldName('object')?.text}.${n.childForFieldName('name')?.text}` },
  }, [], new Set(['class', 'module'])),
  php: rules({
    namespace_definition: { label: hasBody('namespace') },
    class_declaration: { label: 'class' },
    interface_declaration: { label: 'interface' },
    trait_declaration: { label: 'trait' },
    enum_declaration: { label: 'enum' },
    function_definition: { label: 'function' },
    method_declaration: { label: 'method' },
  }),
  kotlin: rules({
    class_declaration: { label: kotlinClass, name: childOfType('type_identifier', 'simple_identifier') },
    object_declaration: { label: 'object', name: childOfType('type_identifier', 'simple_identifier') },
    companion_object: { label: 'companion object', name: childOfType('type_identifier', 'simple_identifier') },
    function_declaration: { label: 'function', name: childOfType('simple_identifier') },
    secondary_constructor: { label: 'constructor', name: () => undefined },
  }),
  swift: rules({
    class_declaration: { label: (n) => n.childForFieldName('declaration_kind')?.text ?? 'class' },
    protocol_declaration: { label: 'protocol' },
    function_declaration: { label: 'function' },
    init_declaration: { label: 'init', name: () => undefined },
    deinit_declaration: { label: 'deinit', name: () => undefined },
  }),
  bash: rules({ function_definition: { label: 'function' } }),
  lua: rules({ function_declaration: { label: 'function' } }),
  scala: rules({
    class_definition: { label: (n) => (hasChild(n, 'case') ? 'case class' : 'class') },
    object_definition: { label: 'object' },
    trait_definition: { label: 'trait' },
    enum_definition: { label: 'enum' },
    function_definition: { label: 'function' },
  }),
};

export function rulesForGrammar(grammar: string): LanguageRules | undefined {
  return RULES[grammar];
}
