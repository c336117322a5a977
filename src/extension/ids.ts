/**
 * Names the adapter shares between its modules and with package.json: command ids, the
 * diagnostic source, the languages it serves. No `vscode` import, so the manifest test can read it
 * in plain Node.
 */

/** VS Code language ids the engine parses; package.json's `activationEvents` list the same. */
export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

/** URI schemes whose documents are analysed: files on disk and new unsaved editors. */
export const SCHEMES = ['file', 'untitled'] as const;

/** `diagnostic.source` of everything we report. */
export const SOURCE = 'Instruction Lens';

export const COMMANDS = {
  applyPattern: 'instructionLens.applyPattern',
  showMatchingInstructions: 'instructionLens.showMatchingInstructions',
  /** Args: instruction id, section heading. */
  showInstruction: 'instructionLens.showInstruction',
  /** Args: document URI, rule id, finding start offset, fix index. */
  applyFix: 'instructionLens.applyFix',
  /** Args (all optional): bundled instruction ids, and what to do with a file already there: 'overwrite' | 'skip'. */
  addInstructionsToWorkspace: 'instructionLens.addInstructionsToWorkspace',
  /** Not in the palette: the data the "matching instructions" pick shows, for tests and scripts. */
  matchingInstructions: 'instructionLens.internal.matchingInstructions',
} as const;

/** Settings section and keys, as declared in package.json `contributes.configuration`. */
export const SETTINGS = {
  section: 'instructionLens',
  enable: 'enable',
  rules: 'rules',
  /** Bundled instruction id → false to switch that file off; window scope (the engine has one library). */
  bundledInstructions: 'bundledInstructions',
} as const;

/** File extension a new untitled document is treated as having, so `applyTo` globs can match it. */
export const UNTITLED_EXTENSIONS: Record<(typeof LANGUAGES)[number], string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

/** A `command:` link with JSON arguments, as Markdown hovers and diagnostic codes take them. */
export function commandLink(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
