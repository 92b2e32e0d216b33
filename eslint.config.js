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
    files: ['cli/**', 'bench/**', 'test/**', 'stack/bin/**'],
    rules: { 'no-console': 'off' },
  },
);
