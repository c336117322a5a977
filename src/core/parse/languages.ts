import type { LanguageId } from '../types';

/** Grammar `.wasm` file (from `@vscode/tree-sitter-wasm`) for each supported language. */
export const GRAMMAR_FILES: Record<LanguageId, string> = {
  typescript: 'tree-sitter-typescript.wasm',
  typescriptreact: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  // The JavaScript grammar parses JSX.
  javascriptreact: 'tree-sitter-javascript.wasm',
};

const EXTENSION_LANGUAGES: Record<string, LanguageId> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
};

/** The language of a file from its name, or undefined when the engine does not support it. */
export function languageOfFile(filePath: string): LanguageId | undefined {
  if (filePath.endsWith('.d.ts')) return undefined;
  const dot = filePath.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSION_LANGUAGES[filePath.slice(dot).toLowerCase()];
}

export function isSupportedLanguage(id: string): id is LanguageId {
  return Object.prototype.hasOwnProperty.call(GRAMMAR_FILES, id);
}

/** The language whose syntax a fixed snippet is written in, for choosing TypeScript or JavaScript code. */
export function isTypeScriptFamily(id: LanguageId): boolean {
  return id === 'typescript' || id === 'typescriptreact';
}
