// @ts-check
/**
 * Lint holds the layering of docs/architecture.md ("How the code is laid out") so nobody has to remember it.
 * The import graph itself is dependency-cruiser's (`npm run lint:deps`, rules generated from
 * build/layers/*.json by build/layerRules.cjs): the four arrows between areas all point into shared/,
 * the layers inside each area point down, no cycles, and packages such as `electron` (runtime imports
 * only in electron/adapters and electron/preload) stay in their places. ESLint keeps what is not about
 * the graph between our own files, and what the renderer's layer file does not cover yet:
 * - shared/ and renderer/ import no Node modules; shared/ no DOM-only, React, socket.io or Electron modules;
 * - renderer features never import each other; renderer/ui is presentational (no store, no host);
 * - product code never imports tests/; tests beside the code may use tests/support only.
 *
 * Only ESLint's and typescript-eslint's own rules hold these: import-path plugins pull in a
 * native resolver whose other-platform builds our npm registry does not carry, which breaks
 * `npm ci`. Beside them (pure JavaScript plugins):
 * - React's hooks rules (rules of hooks, effect dependencies) on the renderer;
 * - jsx-a11y's recommended rules on the renderer's JSX (axe in the e2e suite checks the result);
 * - typed `no-floating-promises` everywhere, `void` included: a promise nobody awaits goes through
 *   `runDetached` (shared/util/runDetached.ts), which says so and logs a rejection. The type
 *   information comes from the tsconfigs through the project service, one program per tsconfig.
 */
import { readdirSync } from 'node:fs'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import jsxA11y from 'eslint-plugin-jsx-a11y'

const dirs = (path) => {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  } catch {
    return []
  }
}

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto']

/** Import patterns (gitignore style, matched against the import string) reaching into an area. */
const area = (name) => [`**/${name}/**`, `../${name}/**`]

/** `@typescript-eslint/no-restricted-imports` options from paths and pattern groups. */
const restrict = (paths, groups) => ['error', { paths, patterns: groups.filter((g) => g.group.length > 0) }]

const layering = {
  shared: {
    paths: ['electron', 'react', 'react-dom', 'socket.io', 'socket.io-client'],
    groups: [{ group: NODE_BUILTINS, message: 'shared/ has no Node' }],
  },
  renderer: {
    paths: [{ name: 'electron', message: 'no Electron in the renderer' }],
    groups: [{ group: NODE_BUILTINS, message: 'no Node in the renderer' }],
  },
}

/** Sibling folders (renderer features) that must not import each other. */
const siblingConfigs = (parent, base) =>
  dirs(parent).map((name) => ({
    files: [`${parent}/${name}/**/*.{ts,tsx}`],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(base.paths, [
        ...base.groups,
        {
          group: dirs(parent)
            .filter((other) => other !== name)
            .flatMap((other) => [
              `**/${parent.split('/').at(-1)}/${other}/**`,
              `../${other}/**`,
              `../../${other}/**`,
            ]),
          message: `${parent}/* must not import each other`,
        },
      ]),
    },
  }))

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'release/**', 'test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-console': 'error',
      // Named exports only.
      'no-restricted-exports': [
        'error',
        { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true } },
      ],
      // Product code never reaches into tests/; test files may use tests/support (builders, launchers).
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...area('tests')], message: 'product code never imports tests/' }] },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
    },
  },
  {
    // The two classic rules. The plugin's React Compiler rules (refs, purity, set-state-in-effect…)
    // are for code the compiler rewrites; we do not run it, and our hot paths read refs during
    // render on purpose (see FloorMapPanel, DataTable).
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    ...jsxA11y.flatConfigs.recommended,
    files: ['renderer/**/*.tsx'],
  },
  {
    files: ['**/*.test.{ts,tsx}', 'tests/**/*.{ts,tsx}'],
    rules: {
      'no-console': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/tests/e2e/**', '**/tests/integration/**', '**/tests/bench/**'],
              message: 'tests beside the code may import tests/support only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(layering.shared.paths, layering.shared.groups),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(layering.renderer.paths, layering.renderer.groups),
    },
  },
  ...siblingConfigs('renderer/features', layering.renderer),
  {
    files: ['renderer/ui/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(layering.renderer.paths, [
        ...layering.renderer.groups,
        {
          group: [...area('state'), ...area('host'), ...area('features')],
          message: 'ui/ is presentational: no store, no host',
        },
      ]),
    },
  },
  {
    files: [
      'gateway/**/*.ts',
      'tests/**/*.{ts,tsx}',
      'scripts/**/*.ts',
      '**/*.config.{js,ts,cjs}',
      '.dependency-cruiser.cjs',
      'build/**/*.cjs',
      'electron/**/*.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CommonJS files (dependency-cruiser's config and the layer rules it loads) require() by nature.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Config files and ambient module declarations (`declare module '*.yaml'`) export a default.
    files: ['**/*.config.{js,ts,cjs,mjs}', 'build/**', '**/*.d.ts'],
    rules: { 'no-restricted-exports': 'off' },
  },
)
