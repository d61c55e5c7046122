// ESLint (flat config) with typescript-eslint: a few rules that catch real mistakes, none about
// style (tsc already checks types; formatting is left alone). `npm run lint`; .ci/run counts it as
// a check. Type-aware through the project's tsconfig, for the promise rules: a promise nobody
// awaits loses its error, and an `await` of a non-promise hides a missing call.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.local/**', 'test-results/**', '**/*.generated.ts', 'bin/**', '**/*.js', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: {
        projectService: {
          // The browser scripts are type-checked by their own tsconfig (DOM, no Node).
          allowDefaultProject: ['functions/views/browser/*.ts'],
          defaultProject: 'tsconfig.browser.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Dead code: unused imports, variables and parameters (a leading _ says "unused on purpose").
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      'no-useless-assignment': 'error',
      'no-unreachable': 'error',
      'prefer-const': 'error',
      // Promises: never dropped, never awaited by mistake, never passed where a boolean is tested.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      // Regular expressions that do not mean what they seem.
      // A control character in a pattern is usually a typo; where it is meant (sanitisers), a directive says so.
      'no-control-regex': 'error',
      'no-misleading-character-class': 'error',
      'no-empty-character-class': 'error',
      'no-dupe-keys': 'error',
      'no-self-assign': 'error',
      'no-self-compare': 'error',
    },
  },
);
