import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.medallion/', 'data/', 'test-results/', 'dashboard/public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Libraries emit events; only entry points (cli/, bench/, test/, chaos/main.ts) print.
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The plain-JavaScript files: the bin shim and the thread pool's size, CommonJS so that they run before any ES module.
    files: ['cli/bin/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { process: 'readonly', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['cli/**', 'bench/**', 'test/**', 'chaos/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
