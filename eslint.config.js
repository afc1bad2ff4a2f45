// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The `electron` package (and its subpaths) and the Electron app's own folder, electron/. */
const ELECTRON_IMPORTS = ['electron', 'electron/*', '**/electron', '**/electron/**'];

/**
 * Globals of one platform only (the page's DOM, Node's process), which the chat client
 * must be handed rather than reach for.
 */
const CLIENT_FORBIDDEN_GLOBALS = [
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'WebSocket',
  'fetch',
  'self',
  'globalThis',
  'process',
  'Buffer',
  'require',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'crypto',
];

export default tseslint.config(
  {
    ignores: [
      'out/',
      'release/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'reports/',
      '.stryker-tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: [
      'electron/**',
      'disk/**',
      'hub/**',
      'launcher/**',
      'terminal/**',
      'protocol/**',
      'client/test/**',
      'client/**/*.test.ts',
      'e2e/**',
      'bench/**',
      '*.config.{ts,js}',
      '.ci/**',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
    rules: {
      // The renderer is a sandboxed web page: it talks to the hub over WebSocket only.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'ws', ...ELECTRON_IMPORTS],
              message: 'The renderer is a web page: no Node, ws or Electron imports.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'element',
          property: 'innerHTML',
          message: 'Render message text with textContent.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Render text with textContent, never HTML.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Render text with textContent, never HTML.',
        },
      ],
    },
  },
  {
    files: ['hub/**', 'launcher/**', 'terminal/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ELECTRON_IMPORTS,
              message:
                'hub/, launcher/ and terminal/ run under plain Node (browser mode, tests, npm start before Electron, the terminal client): no Electron, and nothing from electron/.',
            },
          ],
        },
      ],
    },
  },
  {
    // disk/ is the data folder's plain file handling, used by the hub, the launcher and the
    // Electron app alike: Node only, and nothing from the folders that use it.
    files: ['disk/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...ELECTRON_IMPORTS,
                'ws',
                '**/hub/**',
                '**/launcher/**',
                '**/renderer/**',
                '**/client/**',
                '**/terminal/**',
              ],
              message:
                'disk/ is plain Node file handling used by hub/, launcher/ and electron/: it imports none of them (protocol/ checks are passed in).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['protocol/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'ws', ...ELECTRON_IMPORTS],
              message: 'protocol/ is shared with the renderer: keep it platform-free.',
            },
          ],
        },
      ],
    },
  },
  {
    // The chat client runs in the page and in Node (the terminal): everything that
    // differs between them (socket, timers, randomness, storage) is injected.
    files: ['client/**'],
    ignores: ['client/test/**', 'client/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'ws', ...ELECTRON_IMPORTS],
              message: 'client/ runs in the page and in Node: no Node, ws or Electron imports.',
            },
            {
              group: ['**/renderer/**', '**/terminal/**', '**/hub/**', '**/launcher/**'],
              message:
                'client/ is used by the window and the terminal, not the other way round: it reports codes and data, each UI words them.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...CLIENT_FORBIDDEN_GLOBALS.map((name) => ({
          name,
          message: 'client/ runs in the page and in Node: take it from ClientPlatform instead.',
        })),
      ],
    },
  },
);
