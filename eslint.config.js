import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-output/**', 'src/web/assets/vendor/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is pure: no file system, network, process or database.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'http', 'pg', '@electric-sql/*', 'fastify', '**/store/**', '**/server/**', '**/cli/**', '**/web/**', '**/report/**', '**/importer/**'] }],
      'no-restricted-globals': ['error', 'process', 'fetch', 'require'],
    },
  },
);
