// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vscodePath = { name: 'vscode', message: 'Only src/extension.ts and src/vscode/ may import vscode: keep the core pure (ARCHITECTURE.md, Layers).' };
const vscodeImport = { paths: [vscodePath] };

/** Imports of the given top-level folders of src/ (relative paths from any depth) are refused. */
function layerRule(layer, forbidden) {
  return {
    paths: [vscodePath],
    patterns: [
      {
        regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
        message: `${layer} sits below ${forbidden.join(', ')}: imports go one way, down (ARCHITECTURE.md, Layers).`,
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', '**/*.js', '**/*.cjs', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', vscodeImport],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/indexer/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', layerRule('src/indexer', ['chat', 'vscode', 'cli', 'mcp', 'extension'])] },
  },
  {
    // extract/ reads files through discovery/ (readSource.ts); the other way would be a cycle.
    files: ['src/indexer/discovery/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', layerRule('src/indexer/discovery', ['chat', 'vscode', 'cli', 'mcp', 'extension', 'extract'])] },
  },
  {
    files: ['src/chat/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', layerRule('src/chat', ['vscode', 'cli', 'mcp', 'extension'])] },
  },
  {
    files: ['src/ollama/**/*.ts', 'src/util/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', layerRule('src/ollama and src/util', ['indexer', 'chat', 'vscode', 'cli', 'mcp', 'extension'])] },
  },
  {
    files: ['src/extension.ts', 'src/vscode/**/*.ts', 'test/integration/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
