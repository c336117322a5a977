/**
 * A table looked up with names taken from the analysed code (method names, module specifiers). It
 * has no prototype: in a plain object, `table['constructor']` or `table['toString']` would find a
 * function of Object.prototype and pass for an entry.
 */
export function lookupTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
