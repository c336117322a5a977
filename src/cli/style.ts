/** Terminal styling: ANSI colours when the output is a terminal, plain text otherwise. */
export interface Style {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => (text ? `\u001b[${open}m${text}\u001b[${close}m` : text);
const same = (text: string) => text;

export const COLOURED: Style = {
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  blue: ansi(34, 39),
  green: ansi(32, 39),
  cyan: ansi(36, 39),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
  underline: ansi(4, 24),
};

export const PLAIN: Style = { red: same, yellow: same, blue: same, green: same, cyan: same, dim: same, bold: same, underline: same };

/** Colours only on a terminal, and never when NO_COLOR is set to anything but the empty string. */
export function wantsColour(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return Boolean(isTTY) && !env.NO_COLOR;
}
