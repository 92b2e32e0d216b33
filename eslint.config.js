import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.medallion/', 'data/', 'test-results/', 'dashboard/public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Libraries emit events; only entry points (cli/, bench/, test/) print.
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The one plain-JavaScript file: the bin shim, run by Node.
    files: ['cli/bin/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['cli/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
);
