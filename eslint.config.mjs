// ESLint for stslint's own code: typescript-eslint's type-checked rules, no import circles, and
// the one-way direction of imports between the stages of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import layersRule from './scripts/eslint-layers.mjs';

export default tseslint.config(
  {
    // Built output, dependencies, and generated code (scripts/gen-schemas.mjs and gen-served-apis.mjs).
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bench/out/**',
      'src/schema/catalog.generated.ts',
      'src/schema/served-apis.generated.ts',
      'src/api/facts/*.generated.ts',
      'editors/**/node_modules/**',
      'editors/vscode/dist/**',
      'editors/vscode/schemas/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX, stslint: { rules: { layers: layersRule } } },
    settings: {
      // Our ESM sources import `./x.js`, which TypeScript resolves to `./x.ts`.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs'], extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      'stslint/layers': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Manifests are untrusted data: rules check types at run time, through src/shared/value.ts,
      // where the types say a value "cannot" be missing. These checks flag exactly that defensive code.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Messages interpolate numbers (ordinals, counts, ports) on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `!` after a lookup that the surrounding code has just checked (e.g. noUncheckedIndexedAccess
      // on an index below the length) is clearer than another branch.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Interfaces and type aliases are both used: aliases for unions, interfaces for shapes.
      '@typescript-eslint/consistent-type-definitions': 'off',
      // One-line callbacks that call a void function (`(x) => list.push(x)`) read better unbraced.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // For strings, `||` is deliberate: the API server treats an empty string as unset
      // (`namespace: ""` is the default namespace), and so do our readers.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // Unused arguments named `_x` are part of a callback's signature.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests build odd inputs on purpose and poke at results loosely typed as JSON.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
    },
  },
);
