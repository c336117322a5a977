import * as vscode from 'vscode';

/**
 * The one "Instruction Lens" log channel: errors with their stack at error level, timings at
 * debug/trace level (the user chooses the level with "Developer: Set Log Level...").
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Instruction Lens', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  debug(message: string): void {
    this.channel.debug(message);
  }

  trace(message: string): void {
    this.channel.trace(message);
  }

  /** Logs an error with its stack; `what` says what was being done ("analysing payments.ts"). */
  error(what: string, error: unknown): void {
    const detail = error instanceof Error ? error.stack ?? error.message : String(error);
    this.channel.error(`${what}: ${detail}`);
  }

  /** Runs `work`, logging (never rethrowing) what it throws: nothing we do may throw into VS Code. */
  guard<T>(what: string, work: () => T, fallback: T): T {
    try {
      return work();
    } catch (error) {
      this.error(what, error);
      return fallback;
    }
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
