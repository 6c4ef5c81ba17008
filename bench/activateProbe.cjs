// Child process of the extension-cost benchmark: `node bench/activateProbe.cjs <dist>/extension.js`.
// Plain JavaScript on purpose: it must run in plain Node with no TypeScript loader, so that loading
// the bundle costs what it costs in the extension host. A minimal fake `vscode` module answers every
// API with inert objects; the workspace is trusted, so activate() schedules the index load - which
// must happen after activate() returns, not inside it. Prints one JSON line.
'use strict';
const Module = require('node:module');
const path = require('node:path');

function fake(name) {
  const cache = new Map();
  const target = function () {};
  // Instances (`new vscode.EventEmitter()`, subclasses of vscode classes) inherit inert members.
  if (!name.endsWith('.prototype')) target.prototype = fake(`${name}.prototype`);
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'then' || prop === Symbol.iterator || prop === Symbol.asyncIterator) return undefined;
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'prototype') return t.prototype;
      if (!cache.has(prop)) cache.set(prop, fake(`${name}.${String(prop)}`));
      return cache.get(prop);
    },
    set(_t, prop, value) {
      cache.set(prop, value);
      return true;
    },
    apply: () => fake(`${name}()`),
    construct: (_t, _args, newTarget) => Object.create(newTarget.prototype),
  });
}

const config = { get: (_key, dflt) => dflt, has: () => false, inspect: () => undefined, update: async () => undefined };
// A plain object with the namespaces Lore touches: bundlers copy a CommonJS module's own keys.
const NAMES = ['window', 'commands', 'Uri', 'EventEmitter', 'Disposable', 'ThemeColor', 'ThemeIcon', 'Range', 'Position',
  'Selection', 'ProgressLocation', 'ConfigurationTarget', 'env', 'TextEditorRevealType', 'StatusBarAlignment', 'ViewColumn',
  'l10n', 'languages', 'extensions', 'CancellationTokenSource', 'MarkdownString', 'RelativePattern', 'LogLevel', 'version'];
const api = Object.fromEntries(NAMES.map((n) => [n, fake(`vscode.${n}`)]));
const workspace = fake('vscode.workspace');
api.workspace = new Proxy(workspace, {
  get(w, p) {
    if (p === 'getConfiguration') return () => config;
    if (p === 'isTrusted') return true;
    if (p === 'workspaceFolders') return [];
    return w[p];
  },
});

const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return api;
  return originalLoad.call(this, request, parent, isMain);
};

const bundle = path.resolve(process.argv[2]);
let requiresDuringActivate = 0;
const originalRequire = Module.prototype.require;
const c0 = process.cpuUsage();
const t0 = performance.now();
const ext = require(bundle);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const root = path.dirname(path.dirname(bundle));
const known = {
  subscriptions: [],
  extension: { id: 'lore-dev.lore', extensionPath: root, packageJSON: require(path.join(root, 'package.json')) },
  extensionUri: fake('extensionUri'),
  extensionPath: root,
  storageUri: undefined,
  globalStorageUri: fake('globalStorageUri'),
  workspaceState: { get: (_k, d) => d, update: async () => undefined, keys: () => [] },
  globalState: { get: (_k, d) => d, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined },
  asAbsolutePath: (p) => path.join(root, p),
  extensionMode: 1,
};
const context = new Proxy(known, { get: (o, p) => (p in o ? o[p] : fake(`context.${String(p)}`)) });
Module.prototype.require = function (id) {
  requiresDuringActivate++;
  return originalRequire.call(this, id);
};
const c2 = process.cpuUsage();
const t2 = performance.now();
ext.activate(context);
const t3 = performance.now();
const c3 = process.cpuUsage(c2);
const memory = process.memoryUsage();
process.stdout.write(JSON.stringify({
  requireMs: t1 - t0,
  activateMs: t3 - t2,
  // CPU time of this (single-threaded) process: what the work costs when the machine is not busy.
  requireCpuMs: (c1.user + c1.system) / 1000,
  activateCpuMs: (c3.user + c3.system) / 1000,
  requiresDuringActivate,
  subscriptions: known.subscriptions.length,
  rss: memory.rss,
}) + '\n');
process.exit(0);
