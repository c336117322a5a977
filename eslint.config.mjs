import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/**', '**/fixtures/**', '.e2e/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/core/**/*.ts'],
    rules: {
      // The engine runs in the CLI and in plain Node tests: it must never depend on the editor.
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core is editor-free; put VS Code code in src/extension.' }] }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
