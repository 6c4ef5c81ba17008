// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vscodeImport = {
  paths: [{ name: 'vscode', message: 'Only src/extension.ts and src/vscode/ may import vscode: keep the core pure (DESIGN.md).' }],
};

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
    files: ['src/extension.ts', 'src/vscode/**/*.ts', 'test/integration/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
