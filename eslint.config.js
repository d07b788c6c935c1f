// Lint: strict TypeScript habits plus the layer arrows of DESIGN.md, enforced per folder:
// shared (runs anywhere) ← nodelib (plain Node, shared by station and server) ← station, server ← electron
// (shell); renderer (UI) reaches data through the contract only.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'net',
  'url',
  'zlib',
  'stream',
];
const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      '.bench/**',
      'test-results/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: layer(
      [
        ...nodeBuiltins,
        'electron',
        'react',
        'react-dom',
        '**/station/**',
        '**/server/**',
        '**/renderer/**',
        '**/electron/**',
        '**/nodelib/**',
        'sqlite3',
        'kysely',
        'fastify',
        'pg',
      ],
      'shared/ is pure TypeScript that runs anywhere: no Node, no DOM libraries, no other layer.',
    ),
  },
  {
    files: ['station/**/*.ts'],
    rules: layer(
      ['electron', '**/renderer/**', '**/electron/**', '**/server/**', 'react', 'react-dom'],
      'station/ is plain Node: it may import shared/ only.',
    ),
  },
  {
    files: ['server/**/*.ts'],
    rules: layer(
      ['electron', '**/renderer/**', '**/electron/**', '**/station/**', 'react', 'react-dom'],
      'server/ may import shared/ only.',
    ),
  },
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    rules: layer(
      [
        ...nodeBuiltins,
        'electron',
        '**/station/**',
        '**/server/**',
        '**/electron/**',
        '**/nodelib/**',
        'sqlite3',
        'kysely',
        'fastify',
        'pg',
      ],
      'renderer/ reaches data only through the contract client (renderer/src/api/client.ts).',
    ),
  },
  {
    files: ['console/src/**/*.ts', 'console/src/**/*.tsx'],
    rules: layer(
      [
        ...nodeBuiltins,
        'electron',
        '**/station/**',
        '**/server/**',
        '**/electron/**',
        '**/nodelib/**',
        'sqlite3',
        'kysely',
        'fastify',
        'pg',
      ],
      'console/ (the district web console) reaches data only through its client (console/src/api.ts).',
    ),
  },
  {
    files: ['nodelib/**/*.ts'],
    rules: layer(
      ['electron', '**/renderer/**', '**/electron/**', '**/server/**', '**/station/**', 'react', 'react-dom'],
      'nodelib/ is plain Node code that station/ and server/ share: it imports shared/ only.',
    ),
  },
  {
    files: ['electron/**/*.ts'],
    rules: layer(
      ['**/renderer/**', '**/server/**', 'react', 'react-dom'],
      'electron/ hosts the station core; it never imports the UI or the server.',
    ),
  },
);
