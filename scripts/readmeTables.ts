// README tables generated from package.json `contributes`, so the documented settings, commands and
// keybindings cannot drift from the manifest. `npm run docs:settings` rewrites the marked blocks;
// test/unit/readmeTables.test.ts fails when README.md is stale.

export interface SettingSchema {
  type?: string | string[];
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  scope?: string;
}

export interface Manifest {
  contributes: {
    configuration: { properties: Record<string, SettingSchema> };
    commands: { command: string; title: string; category?: string }[];
    keybindings?: { command: string; key: string; mac?: string; when?: string }[];
    menus?: Record<string, { command: string; when?: string }[]>;
  };
}

export const BLOCKS = ['settings', 'commands'] as const;

/**
 * The manifest with every `%key%` string replaced from `nls` (package.nls.json), as VS Code shows it in
 * English: package.json keeps only keys since its strings are localized (package.nls.<locale>.json).
 * A key missing from `nls` throws, so a table never documents `%key%`.
 */
export function localizeManifest<T>(manifest: T, nls: Record<string, string>): T {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const key = /^%([\w.-]+)%$/.exec(value)?.[1];
      if (key === undefined) return value;
      const text = nls[key];
      if (text === undefined) throw new Error(`package.nls.json has no "${key}"`);
      return text;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(manifest) as T;
}
export type BlockName = (typeof BLOCKS)[number];

const GENERATED = '<!-- Generated from package.json by `npm run docs:settings`; edit package.json, not this table. -->';

/** Table cells: one line, no unescaped pipes. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

function code(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
}

export function renderSettings(m: Manifest): string {
  const rows = Object.entries(m.contributes.configuration.properties).map(([key, s]) => {
    const notes: string[] = [];
    if (s.enum) notes.push(`One of ${s.enum.map(code).join(', ')}.`);
    if (s.minimum !== undefined && s.maximum !== undefined) notes.push(`Range ${s.minimum}–${s.maximum}.`);
    else if (s.minimum !== undefined) notes.push(`Minimum ${s.minimum}.`);
    else if (s.maximum !== undefined) notes.push(`Maximum ${s.maximum}.`);
    const description = [s.markdownDescription ?? s.description ?? '', ...notes].filter(Boolean).join(' ');
    return `| \`${key}\` | ${code(s.default ?? null)} | ${cell(description)} |`;
  });
  return [GENERATED, '', '| Setting | Default | Description |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `ctrl+alt+l` -> `Ctrl+Alt+L`. */
export function formatKey(key: string): string {
  return key
    .split('+')
    .map((part) => (part.length === 1 ? part.toUpperCase() : part[0]!.toUpperCase() + part.slice(1)))
    .join('+');
}

const MENU_NAMES: Record<string, string> = {
  'editor/context': 'editor context menu',
  'view/title': 'Lore view title bar',
  'explorer/context': 'explorer context menu',
};

export function renderCommands(m: Manifest): string {
  const { commands, keybindings = [], menus = {} } = m.contributes;
  const rows = commands.map((c) => {
    const keys = keybindings
      .filter((k) => k.command === c.command)
      .map((k) => `\`${formatKey(k.key)}\`${k.mac ? ` (macOS \`${formatKey(k.mac)}\`)` : ''}`);
    const places = Object.entries(menus)
      .filter(([menu, items]) => menu !== 'commandPalette' && items.some((i) => i.command === c.command))
      .map(([menu]) => MENU_NAMES[menu] ?? menu);
    const title = c.category ? `${c.category}: ${c.title}` : c.title;
    return `| ${cell(title)} | \`${c.command}\` | ${keys.join(', ') || ''} | ${places.join(', ')} |`;
  });
  return [GENERATED, '', '| Command | ID | Keybinding | Also in |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function renderBlock(name: BlockName, m: Manifest): string {
  return name === 'settings' ? renderSettings(m) : renderCommands(m);
}

function markers(name: BlockName): [string, string] {
  return [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
}

/** The text between a block's markers (trimmed), or undefined when the markers are missing. */
export function readBlock(readme: string, name: BlockName): string | undefined {
  const [start, end] = markers(name);
  const i = readme.indexOf(start);
  const j = readme.indexOf(end, i + start.length);
  return i < 0 || j < 0 ? undefined : readme.slice(i + start.length, j).trim();
}

/** README with the block's content replaced; throws when its markers are missing (never appends silently). */
export function replaceBlock(readme: string, name: BlockName, content: string): string {
  const [start, end] = markers(name);
  const i = readme.indexOf(start);
  const j = readme.indexOf(end, i + start.length);
  if (i < 0 || j < 0) throw new Error(`README.md has no ${start} ... ${end} block`);
  return `${readme.slice(0, i + start.length)}\n${content}\n${readme.slice(j)}`;
}
