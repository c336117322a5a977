/**
 * True for an npm package name (`groq-sdk`, `@scope/pkg/sub`); false for a relative or aliased path
 * (`./llm`, `/abs/llm`, `@/lib/llm`, `~/llm`). A value from a package the rules know nothing about is
 * known not to be the client they look for; a value from the project's own modules is unknown.
 */
export function isPackage(specifier: string): boolean {
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/.*)?$/i.test(specifier);
}
