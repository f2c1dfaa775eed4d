// ESLint flat config. Besides the usual TypeScript and React-hooks rules, it ENFORCES THE LAYERS:
// which folder may import `electron`, Node built-ins, or another layer (see DESIGN.md §3).
// tests/unit/shell/eslintLayers.test.ts lints offending snippets to prove each rule still fires.
import { builtinModules } from 'node:module';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** A folder segment anywhere in a relative or absolute import path, e.g. `../../main/core`. */
const layer = (name) => `(^|/)${name}(/|$)`;

const electron = {
  paths: [
    { name: 'electron', message: 'Only main/app, main/ipc, main/platform and preload/index.ts import electron.' },
  ],
  patterns: [
    { regex: '^electron/', message: 'Only main/app, main/ipc, main/platform and preload/index.ts import electron.' },
  ],
};
const nodeBuiltins = {
  paths: builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => ({
      name,
      message: 'The renderer runs in a browser: no Node built-ins (ask main through window.pam).',
    })),
  patterns: [
    { regex: '^node:', message: 'The renderer runs in a browser: no Node built-ins (ask main through window.pam).' },
  ],
};
const notLayers = (names, message) => ({ paths: [], patterns: names.map((name) => ({ regex: layer(name), message })) });
const contractTypesOnly = {
  paths: [],
  patterns: [
    {
      // contract/pure/ is the exception: plain functions main and the renderer share, with no zod in them.
      regex: '(^|/)contract(/(?!pure/)|$)',
      allowTypeImports: true,
      message: 'The renderer imports the contract with `import type` only (zod stays out of the page).',
    },
  ],
};
/** contract/pure/ reaches the page: no zod, and the rest of the contract as types only. */
const pureOnly = {
  paths: [{ name: 'zod', message: 'contract/pure/ runs in the page: no zod (the schemas stay in main and preload).' }],
  patterns: [
    {
      regex: '^\\.\\./',
      allowTypeImports: true,
      message: 'contract/pure/ imports the rest of the contract with `import type` only (zod stays out of the page).',
    },
  ],
};

/** Merges restriction sets into one `no-restricted-imports` entry (a later config object replaces, never adds). */
const restrict = (...sets) => [
  'error',
  { paths: sets.flatMap((set) => set.paths), patterns: sets.flatMap((set) => set.patterns) },
];

const mainNotRenderer = notLayers(['renderer'], 'main never imports the renderer.');

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.pam-dev/**', '.sandbox-data/**', '.tmp/**'],
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['main/**', 'sandbox/**', 'scripts/**', 'tests/**', '*.config.{js,ts}', 'contract/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**', 'preload/bridgePreload.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },

  // ── Layers ────────────────────────────────────────────────────────────────
  {
    files: ['main/**'],
    rules: { 'no-restricted-imports': restrict(electron, mainNotRenderer) },
  },
  {
    files: ['main/app/**', 'main/ipc/**', 'main/platform/**'],
    rules: { 'no-restricted-imports': restrict(mainNotRenderer) },
  },
  {
    files: ['preload/**'],
    rules: {
      'no-restricted-imports': restrict(
        electron,
        notLayers(['main', 'renderer', 'sandbox'], 'The preload depends only on the contract.'),
      ),
    },
  },
  {
    files: ['preload/index.ts'],
    rules: {
      'no-restricted-imports': restrict(
        notLayers(['main', 'renderer', 'sandbox'], 'The preload depends only on the contract.'),
      ),
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': restrict(
        electron,
        nodeBuiltins,
        notLayers(['main', 'sandbox', 'preload'], 'The renderer talks to main only through window.pam.'),
        contractTypesOnly,
      ),
    },
  },
  {
    files: ['sandbox/**'],
    rules: {
      'no-restricted-imports': restrict(
        electron,
        notLayers(['main', 'renderer', 'preload'], 'The sandbox is a stand-alone server: it imports no app layer.'),
      ),
    },
  },
  {
    files: ['contract/**'],
    rules: {
      'no-restricted-imports': restrict(
        electron,
        notLayers(['main', 'renderer', 'preload', 'sandbox'], 'The contract depends on no layer.'),
      ),
    },
  },
  {
    files: ['contract/pure/**'],
    rules: {
      'no-restricted-imports': restrict(
        electron,
        notLayers(['main', 'renderer', 'preload', 'sandbox'], 'The contract depends on no layer.'),
        nodeBuiltins,
        pureOnly,
      ),
    },
  },
);
