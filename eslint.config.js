// @ts-check
/**
 * Lint holds the layering of STYLE.md so nobody has to remember it:
 * - shared/ imports nothing from the other areas, no Node, DOM-only or Electron modules;
 * - renderer/ never imports electron/ or gateway/ code, nor node:* or electron;
 * - electron/ never imports renderer/ or gateway/ code; only electron/adapters and
 *   electron/preload import 'electron' at runtime (type imports are fine everywhere in electron/);
 * - gateway/ never imports renderer/ or electron/; gateway adapters never import each other;
 * - renderer features never import each other.
 */
import { readdirSync } from 'node:fs'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'
import globals from 'globals'

const dirs = (path) => {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  } catch {
    return []
  }
}

const siblingZones = (parent) =>
  dirs(parent).map((name) => ({
    target: `./${parent}/${name}`,
    from: `./${parent}`,
    except: [`./${name}`],
    message: `${parent}/* must not import each other`,
  }))

/** The layering zones; test files may also import `tests/support` (builders, fixtures, launchers). */
const layeringZones = (testDirs) => [
  {
    target: './shared',
    from: ['./gateway', './electron', './renderer', ...testDirs],
    message: 'shared/ is pure',
  },
  {
    target: './renderer',
    from: ['./gateway', './electron', ...testDirs],
    message: 'renderer/ sees shared/ only',
  },
  {
    target: './electron',
    from: ['./gateway', './renderer', ...testDirs],
    message: 'electron/ sees shared/ only',
  },
  {
    target: './gateway',
    from: ['./electron', './renderer', ...testDirs],
    message: 'gateway/ sees shared/ only',
  },
  ...siblingZones('gateway/adapters'),
  ...siblingZones('renderer/features'),
  {
    target: './renderer/ui',
    from: ['./renderer/state', './renderer/host', './renderer/features'],
    message: 'ui/ is presentational: no store, no host',
  },
]

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto']

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'release/**', 'test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-console': 'error',
      'import-x/no-default-export': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layeringZones(['./tests']) }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'react-dom', 'socket.io', 'socket.io-client'],
          patterns: [{ group: NODE_BUILTINS, message: 'shared/ has no Node' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: ['electron'], patterns: [{ group: NODE_BUILTINS, message: 'no Node in the renderer' }] },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/adapters/**', 'electron/preload/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: "only electron/adapters and electron/preload import 'electron' at runtime",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'gateway/**/*.ts',
      'tests/**/*.{ts,tsx}',
      'scripts/**/*.ts',
      '**/*.config.{js,ts,cjs}',
      'electron/**/*.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.config.{js,ts,cjs,mjs}', 'build/**'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'tests/**/*.{ts,tsx}'],
    rules: {
      'no-console': 'off',
      'import-x/no-restricted-paths': [
        'error',
        { zones: layeringZones(['./tests/e2e', './tests/integration', './tests/bench', './tests/fixtures']) },
      ],
    },
  },
)
