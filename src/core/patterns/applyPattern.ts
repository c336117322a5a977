import { applyEdits } from '../fixes';
import type { InstructionLibrary } from '../instructions/library';
import { isResilienceLibrary, librariesFor, type ResilienceLibrary } from '../knowledge/resilienceLibraries';
import type { Value } from '../parse/bindings';
import type { SourceParser, SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, findProperty, FUNCTION_TYPES, hasSpread, indentationAt, unwrap, lineEnding } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import type { TextEdit } from '../types';
import { PIPELINE_LAYERS, patternById, patternCode, VARIANTS, variantOf, type CallSite, type PatternCode, type PatternInfo, type PatternVariant } from './catalog';
import { afterPrologue, helperToInsert, insertTopLevel, moduleScopeNames, statementLineEnd } from './helperInsertion';
import { importOffset, loadedModules, moduleOfName, moduleSystem, planImports } from './imports';
import { wholeLines } from './stripTypes';

/** Offsets into the file; `start === end` for a bare cursor. */
export interface PatternSelection {
  start: number;
  end: number;
}

export interface PlanPatternInput {
  file: SourceFile;
  library: InstructionLibrary;
  patternId: string;
  selection: PatternSelection;
  /** Must have the TypeScript grammar loaded: pattern blocks are TypeScript. */
  parser: SourceParser;
  /**
   * Write the pattern with this library, or with the instruction file's dependency-free helper for
   * `'none'`, instead of choosing from the project's dependencies.
   */
  use?: PatternLibraryChoice;
}

export type PatternLibraryChoice = ResilienceLibrary | 'none';

/** The edits that apply a pattern, or why it cannot be applied, in words for the user. */
export type PatternPlan = { edits: TextEdit[]; title: string; libraries: ResilienceLibrary[] } | { error: string };

/**
 * Wraps the call under the cursor (or the selected expression) in a resilience pattern and adds the
 * pattern's code to the file once: `const r = await axios.get(u)` becomes
 * `const r = await retryWithBackoff(() => axios.get(u))`, the `await` staying outside. The code is
 * written with the resilience library the project uses (its nearest package.json), else with the
 * instruction file's dependency-free helper; see {@link chooseLayers}.
 */
export function planPattern(input: PlanPatternInput): PatternPlan {
  const { file, library, patternId, parser } = input;
  const pattern = patternById(patternId);
  if (!pattern) return { error: `There is no pattern "${patternId}".` };
  const target = findTarget(file, input.selection);
  if ('error' in target) return target;
  const chosen = chooseLayers(file, pattern, input.use);
  if ('error' in chosen) return chosen;
  const layers: Layer[] = [];
  for (const variant of chosen.variants) {
    const layer = readLayer(file, library, parser, variant);
    if ('error' in layer) return layer;
    layers.push(layer);
  }
  const problem = whyNotWrappable(file, target, layers);
  if (problem) return { error: problem };
  const plan = writeLayers(file, target, layers);
  if ('error' in plan) return plan;
  const libraries = [...new Set(layers.map((l) => l.variant.library).filter((l): l is ResilienceLibrary => l !== undefined))];
  const using = libraries.length > 0 ? ` with ${libraries.join(', ')}` : '';
  return { edits: plan.edits, title: `${pattern.label}${using}: ${preview(target)}${chosen.note ?? ''}`, libraries };
}

/** What gets wrapped. */
interface Target {
  /** The expression that goes inside the arrow function. */
  node: SyntaxNode;
  /** The range replaced: the expression without a leading `await`, which stays outside. */
  start: number;
  end: number;
  /** The call or `new` expression, when the expression is one. */
  call?: SyntaxNode;
}

/** One policy around the call: a pattern's variant with its code read for this file. */
interface Layer {
  pattern: PatternInfo;
  variant: PatternVariant;
  code: PatternCode;
  /** The name each block name has in this file (imports the file already has under another name). */
  local: (name: string) => string;
  /** The module edits importing what the code needs. */
  imports: { merges: TextEdit[]; statements: string[] };
  /** For a per-dependency instance: how its initialiser starts (`circuitBreaker`, `new CircuitBreaker`), to recognise one. */
  instanceHead?: string;
}

// Choosing the code

/**
 * The variants to wrap the call in, from the call outwards. A pattern is written with, in order:
 * the helper the file already declares or imports (it applied the pattern before, or shares one);
 * a library the file loads, then one the project depends on, in {@link librariesFor}'s order; the
 * instruction file's dependency-free helper. The pipeline is cockatiel's `wrap(...)` when cockatiel
 * can be used, else each layer on its own, the bulkhead left out when no library gives one.
 */
function chooseLayers(file: SourceFile, pattern: PatternInfo, use: ResilienceLibrary | 'none' | undefined): { variants: PatternVariant[]; note?: string } | { error: string } {
  if (pattern.id !== 'resilience-pipeline') {
    const variant = chooseVariant(file, pattern, use);
    return 'error' in variant ? variant : { variants: [variant] };
  }
  const whole = variantOf(pattern.id, 'cockatiel')!;
  if (use === 'cockatiel' || (use === undefined && usableLibraries(file, 'circuit-breaker').includes('cockatiel'))) {
    return { variants: [whole, variantOf('fallback')!] };
  }
  if (use !== undefined && use !== 'none') return { error: `The resilience pipeline is written with cockatiel or with the dependency-free helpers, not with ${use}.` };
  const variants: PatternVariant[] = [];
  for (const id of PIPELINE_LAYERS) {
    const chosen = chooseVariant(file, patternById(id)!, use);
    if (!('error' in chosen)) variants.push(chosen);
  }
  const note = variants.some((v) => v.pattern === 'bulkhead') ? undefined : ' (no bulkhead: that needs cockatiel or p-limit)';
  return { variants, note };
}

function chooseVariant(file: SourceFile, pattern: PatternInfo, use: ResilienceLibrary | 'none' | undefined): PatternVariant | { error: string } {
  const helper = variantOf(pattern.id);
  const withoutLibrary = (): PatternVariant | { error: string } =>
    helper ?? { error: `The ${pattern.label.toLowerCase()} pattern wraps one call with cockatiel or p-limit, and this project depends on neither. To bound a fan-out over a list, use \`mapWithConcurrency\` from the "${pattern.section.heading}" section.` };
  if (use === 'none') return withoutLibrary();
  if (use !== undefined) return variantOf(pattern.id, use) ?? { error: `There is no ${use} form of the ${pattern.label.toLowerCase()} pattern.` };
  if (helper?.entry && declaresHelper(file, helper.entry)) return helper;
  const library = pattern.concern ? usableLibraries(file, pattern.concern).find((l) => variantOf(pattern.id, l)) : undefined;
  return library ? variantOf(pattern.id, library)! : withoutLibrary();
}

/** The file declares or imports the helper's entry point itself: not a library's export of the same name (opossum's `CircuitBreaker`). */
function declaresHelper(file: SourceFile, entry: string): boolean {
  if (!moduleScopeNames(file).has(entry)) return false;
  const module = moduleOfName(file, entry);
  return module === undefined || !isResilienceLibrary(module);
}

function usableLibraries(file: SourceFile, concern: NonNullable<PatternInfo['concern']>): ResilienceLibrary[] {
  return librariesFor(concern, { dependencies: file.project.dependencies, loaded: loadedModules(file), system: moduleSystem(file) });
}

/** Reads a variant's block for this file: imports planned first, so the code uses the file's names for them. */
function readLayer(file: SourceFile, library: InstructionLibrary, parser: SourceParser, variant: PatternVariant): Layer | { error: string } {
  const pattern = patternById(variant.pattern)!;
  const options = { library: variant.library };
  let code = patternCode(library, pattern.id, file.language, parser, options);
  if ('error' in code) return code;
  const imports = planImports(file, code.imports, moduleSystem(file));
  if ('error' in imports) return imports;
  if (imports.rename.size > 0) {
    code = patternCode(library, pattern.id, file.language, parser, { ...options, rename: imports.rename });
    if ('error' in code) return code;
  }
  const rename = imports.rename;
  const instance = variant.instance && (code.template?.code ?? `const instance = ${variant.instance.init};`);
  return { pattern, variant, code, local: (name) => rename.get(name) ?? name, imports, instanceHead: instance ? declaredHead(parser, instance) : undefined };
}

/** How the initialiser of a declaration (`const x = <init>;`) starts, read from its syntax tree. */
function declaredHead(parser: SourceParser, declaration: string): string | undefined {
  const tree = parser.parse('typescript', declaration);
  try {
    const value = tree.rootNode.descendantsOfType('variable_declarator')[0]?.childForFieldName('value');
    return value ? initHead(value) : undefined;
  } finally {
    tree.delete();
  }
}

/** How an instance's initialiser starts, enough to recognise another one: `new CircuitBreaker`, `circuitBreaker`, `pLimit`. */
function initHead(node: SyntaxNode): string | undefined {
  const init = unwrap(node);
  if (init.type === 'new_expression') return `new ${init.childForFieldName('constructor')?.text ?? ''}`;
  if (init.type === 'call_expression') return calleeOf(init)?.text;
  return undefined;
}

const CALL_TYPES = new Set(['call_expression', 'new_expression']);

const NO_CALL =
  'There is no call under the cursor. Place the cursor on the call to wrap (on `get` in `axios.get(url)`, or in its arguments), or select the expression.';
const NOT_EXPRESSION = 'The selection is not a whole expression. Select a complete call such as `axios.get(url)`, or just place the cursor on it.';

function findTarget(file: SourceFile, selection: PatternSelection): Target | { error: string } {
  const { text } = file;
  const clamp = (n: number) => Math.max(0, Math.min(text.length, n));
  let start = clamp(Math.min(selection.start, selection.end));
  let end = clamp(Math.max(selection.start, selection.end));
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === end ? callAtCursor(file, start) : selectedExpression(file, start, end);
}

/** The smallest call around the cursor, skipping calls that only produce the callee of a longer chain. */
function callAtCursor(file: SourceFile, offset: number): Target | { error: string } {
  // A cursor just after `)` is still on the call: try the character before it too.
  for (const at of [offset, offset - 1]) {
    if (at < 0) continue;
    for (let node: SyntaxNode | null = file.root.descendantForIndex(at); node; node = node.parent) {
      if (isStatementLike(node)) break;
      if (isWrappableCall(node)) return targetOf(node);
      // On the `await` of `await fetch(url)`: the awaited call.
      const awaited = node.type === 'await_expression' && node.namedChildren[0] ? unwrap(node.namedChildren[0]) : undefined;
      if (awaited && isWrappableCall(awaited)) return targetOf(awaited);
    }
  }
  return { error: NO_CALL };
}

/** Statements and blocks end the search: a cursor in a callback's body is not on the call that takes the callback. */
function isStatementLike(node: SyntaxNode): boolean {
  return (
    node.type.endsWith('_statement') ||
    node.type.endsWith('_declaration') ||
    node.type === 'statement_block' ||
    node.type === 'class_body' ||
    node.type === 'program' ||
    node.type === 'variable_declarator'
  );
}

function isWrappableCall(node: SyntaxNode): boolean {
  if (!CALL_TYPES.has(node.type)) return false;
  if (node.parent?.type === 'decorator') return false;
  const callee = calleeOf(node);
  if (!callee || callee.type === 'super') return false;
  return !isCalleeOfChain(node);
}

/** `getClient()` in `getClient().get(url)`, `f()` in `f()(x)`: the outer call is the one that goes out. */
function isCalleeOfChain(call: SyntaxNode): boolean {
  const parent = call.parent;
  if (!parent) return false;
  if (parent.type === 'call_expression') return parent.childForFieldName('function')?.id === call.id;
  if (parent.type === 'member_expression' && parent.childForFieldName('object')?.id === call.id) {
    const outer = parent.parent;
    return outer?.type === 'call_expression' && outer.childForFieldName('function')?.id === parent.id;
  }
  return false;
}

/** Expressions a selection may wrap; a selection must also contain a call. */
const EXPRESSION_TYPES = new Set([
  'call_expression',
  'new_expression',
  'await_expression',
  'parenthesized_expression',
  'member_expression',
  'subscript_expression',
  'binary_expression',
  'ternary_expression',
  'unary_expression',
  'as_expression',
  'satisfies_expression',
  'non_null_expression',
  'template_string',
  'array',
  'object',
]);

function selectedExpression(file: SourceFile, start: number, end: number): Target | { error: string } {
  let chosen: SyntaxNode | undefined;
  // The outermost expression spanning exactly the selection; `axios.get<T>(u)` selected in the
  // `await axios.get<T>(u)` shape is the call without its leading `await`.
  for (let node = file.root.namedDescendantForIndex(start, end); node && node.endIndex === end && !isStatementLike(node); node = node.parent) {
    if (EXPRESSION_TYPES.has(node.type) && (node.startIndex === start || targetOf(node).start === start)) chosen = node;
  }
  if (!chosen) return { error: NOT_EXPRESSION };
  const parent = chosen.parent;
  if (parent && CALL_TYPES.has(parent.type) && calleeOf(parent)?.id === unwrap(chosen).id) return { error: NOT_EXPRESSION };
  const target = targetOf(chosen);
  const makesCall = target.call !== undefined || target.node.descendantsOfType([...CALL_TYPES]).some((c) => c !== null && c.startIndex >= target.start);
  if (!makesCall) return { error: 'The selection makes no call. Select the call to wrap, such as `axios.get(url)`.' };
  return target;
}

function targetOf(expression: SyntaxNode): Target {
  let node = expression;
  if (node.type === 'await_expression' && node.namedChildren[0]) node = node.namedChildren[0];
  let start = node.startIndex;
  // tree-sitter parses `await f<T>(x)` with the `await` inside the callee (see calleeOf).
  const awaited = node.type === 'call_expression' ? node.childForFieldName('function') : null;
  if (awaited?.type === 'await_expression' && awaited.namedChildren[0]) start = awaited.namedChildren[0].startIndex;
  const inner = unwrap(node);
  return { node, start, end: node.endIndex, call: CALL_TYPES.has(inner.type) ? inner : undefined };
}

function whyNotWrappable(file: SourceFile, target: Target, layers: readonly Layer[]): string | undefined {
  if (inside(target, 'yield_expression')) return 'The call contains `yield`, which cannot move into the arrow function the pattern needs.';
  for (const layer of layers) {
    const wrapper = enclosingWrapper(file, target, layer);
    if (wrapper) return `This call already goes through \`${wrapper}\`.`;
  }
  for (const layer of layers) {
    const site = layer.variant.site;
    if (!('name' in site)) continue;
    const name = layer.local(site.name);
    const local = file.resolver.lookup(name, target.node);
    if (local && local.scope.type !== 'program') return `\`${name}\` is a local ${local.kind} here; rename it to apply the pattern.`;
  }
  return undefined;
}

/** The wrapper of a layer that the target is already the whole body of, such as `retryWithBackoff(() => <target>)`. */
function enclosingWrapper(file: SourceFile, target: Target, layer: Layer): string | undefined {
  const arrow = target.node.parent;
  if (arrow?.type !== 'arrow_function' || arrow.childForFieldName('body')?.id !== target.node.id) return undefined;
  const call = arrow.parent?.type === 'arguments' ? arrow.parent.parent : null;
  const callee = call ? calleeOf(call) : null;
  if (!call || !callee) return undefined;
  const position = argumentsOf(call).findIndex((a) => a.id === arrow.id);
  const site = layer.variant.site;
  const isInstance = (node: SyntaxNode | null): boolean => {
    const binding = node?.type === 'identifier' ? file.resolver.resolve(node) : undefined;
    return binding?.scope.type === 'program' && binding.init !== undefined && initHead(binding.init) === layer.instanceHead;
  };
  const method = callee.type === 'member_expression' ? { object: callee.childForFieldName('object'), property: callee.childForFieldName('property')?.text } : undefined;
  switch (site.kind) {
    case 'function':
    case 'fallback':
      return position === 0 && callee.type === 'identifier' && callee.text === layer.local(site.name) ? callee.text : undefined;
    case 'function-of-instance':
      return position === 1 && callee.type === 'identifier' && callee.text === site.name ? callee.text : undefined;
    case 'method':
      return method?.property === site.method && method.object?.text === site.name ? callee.text : undefined;
    case 'instance-method':
      return method?.property === site.method && isInstance(method.object ?? null) ? callee.text : undefined;
    case 'instance-call':
      return position === 0 && isInstance(callee) ? callee.text : undefined;
  }
}

/** Whether the target holds a node of `type` outside any function nested in it. */
function inside(target: Target, type: string): boolean {
  return target.node.descendantsOfType(type).some((n) => n !== null && n.startIndex >= target.start && !functionBetween(n, target.node));
}

function functionBetween(node: SyntaxNode, ancestor: SyntaxNode): boolean {
  for (let p = node.parent; p && p.id !== ancestor.id; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return true;
  return false;
}

/** The wrapped text as an arrow body: an object literal or a comma list needs parentheses. */
function body(text: string, target: Target, edit?: TextEdit): string {
  let code = text.slice(target.start, target.end);
  if (edit) code = code.slice(0, edit.start - target.start) + edit.text + code.slice(edit.end - target.start);
  const inner = unwrap(target.node).type;
  return inner === 'object' || inner === 'sequence_expression' ? `(${code})` : code;
}

function preview(target: Target): string {
  const callee = target.call ? calleeOf(target.call) : null;
  if (!callee || callee.text.includes('\n') || callee.text.length > 40) return 'the selected expression';
  return `${target.call!.type === 'new_expression' ? 'new ' : ''}${callee.text}(…)`;
}

// Writing the call

/**
 * The call wrapped in every layer, innermost first, and the module code the layers need. The
 * innermost operation receives the abort signal when its layer gives one (a timeout), and the
 * signal is passed into the request's options when the call is a fetch, axios or got request whose
 * options are a literal object (or absent); otherwise the timeout still returns on time but leaves
 * the request running.
 */
function writeLayers(file: SourceFile, target: Target, layers: readonly Layer[]): { edits: TextEdit[] } | { error: string } {
  const module = new ModuleCode(file);
  const instances = new Map<Layer, string>();
  for (const layer of layers) {
    const problem = module.addLayer(layer);
    if (problem) return problem;
    if (layer.variant.instance) instances.set(layer, module.addInstance(layer, target));
  }
  const { text } = file;
  const first = layers[0];
  let signal: { parameter: string; edit?: TextEdit } | undefined;
  if (first.variant.signal) {
    const name = freeSignalName(target);
    const edit = target.call ? signalEdit(file, target, name) : undefined;
    const parameter = !edit ? '' : first.variant.signal === 'parameter' ? name : name === 'signal' ? '{ signal }' : `{ signal: ${name} }`;
    signal = { parameter, edit };
  }
  const innerAsync = inside(target, 'await_expression') || first.variant.asyncOperation === true;
  let operation = `${innerAsync ? 'async ' : ''}(${signal?.parameter ?? ''}) => ${body(text, target, signal?.edit)}`;
  const indent = indentationAt(text, target.start);
  const eol = lineEnding(text);
  let wrapped = '';
  layers.forEach((layer, index) => {
    wrapped = callSite(layer, operation, instances.get(layer), indent, eol);
    operation = `${layers[index + 1]?.variant.asyncOperation ? 'async ' : ''}() => ${wrapped}`;
  });
  return { edits: [{ start: target.start, end: target.end, text: wrapped }, ...module.edits()] };
}

function callSite(layer: Layer, operation: string, instance: string | undefined, indent: string, eol: string): string {
  const site: CallSite = layer.variant.site;
  switch (site.kind) {
    case 'function':
      return `${layer.local(site.name)}(${operation}${site.options ? `, ${site.options}` : ''})`;
    case 'function-of-instance':
      return `${site.name}(${instance}, ${operation})`;
    case 'method':
      return `${site.name}.${site.method}(${operation})`;
    case 'instance-method':
      return `${instance}.${site.method}(${operation})`;
    case 'instance-call':
      return `${instance}(${operation})`;
    case 'fallback': {
      const inner = indent + (indent.includes('\t') ? '\t' : '  ');
      const comment = '// No fallback yet: return a degraded answer here (a cached or default value) after logging the error.';
      return `${site.name}(${operation}, (error) => {${eol}${inner}${comment}${eol}${inner}throw error;${eol}${indent}})`;
    }
  }
}

/**
 * The module-scope code a plan adds: new imports after the file's imports, the layers' code after
 * the prologue, and per-dependency instances next to their kind. Code the file already has is
 * reused, never declared twice.
 */
class ModuleCode {
  private readonly declared: Set<string>;
  private readonly loaded: Set<string>;
  private readonly merges: TextEdit[] = [];
  private readonly importStatements: string[] = [];
  /** Code for after the prologue, in order, and the instances that follow it. */
  private readonly code: string[] = [];
  private readonly instances: string[] = [];
  /** Instances after an anchor statement: offset → declarations, and the gap before them. */
  private readonly anchored = new Map<number, { gap: 1 | 2; declarations: string[] }>();
  /** Names this plan declares, so two layers never pick the same one. */
  private readonly adding = new Set<string>();

  constructor(private readonly file: SourceFile) {
    this.declared = moduleScopeNames(file);
    this.loaded = loadedModules(file);
  }

  /** Adds a layer's imports and code; an error when a name it declares means something else in the file. */
  addLayer(layer: Layer): { error: string } | undefined {
    const { variant, code, pattern } = layer;
    for (const merge of layer.imports.merges) if (!this.merges.some((m) => m.start === merge.start)) this.merges.push(merge);
    for (const statement of layer.imports.statements) if (!this.importStatements.includes(statement)) this.importStatements.push(statement);
    if (variant.library === undefined) {
      const module = variant.entry ? moduleOfName(this.file, variant.entry) : undefined;
      if (module && isResilienceLibrary(module)) {
        return { error: `This file imports \`${variant.entry}\` from ${module}, and the ${pattern.label.toLowerCase()} helper declares its own. Apply the pattern with ${module}, or rename the import.` };
      }
      const helper = helperToInsert(this.declared, { label: pattern.label, entry: variant.entry ?? pattern.entry }, code);
      if (typeof helper === 'object') return helper;
      if (helper !== undefined) this.addCode(helper, code.declares);
      return undefined;
    }
    // Library code statement by statement: a constant or policy the file already declares is reused
    // when the file already loads the library (an earlier pattern put it there, or the team did).
    const skipped: Array<{ start: number; end: number }> = [];
    for (const statement of code.statements) {
      const present = statement.names.filter((name) => this.declared.has(name) || this.adding.has(name));
      if (present.length === statement.names.length && present.length > 0) skipped.push(statement);
      if (present.length === 0) continue;
      if (present.length < statement.names.length || !(this.loaded.has(variant.library) || this.adding.has(`module:${variant.library}`))) {
        const list = present.map((n) => `\`${n}\``).join(', ');
        return { error: `This file already declares ${list}, which the ${variant.library} form of the ${pattern.label.toLowerCase()} pattern declares too. Rename yours.` };
      }
    }
    this.adding.add(`module:${variant.library}`);
    const kept = applyEdits(code.code, mergedRanges(skipped.map((s) => wholeLinesOf(code.code, s))).map((r) => ({ ...r, text: '' })));
    if (kept.trim() !== '') this.addCode(kept.replace(/^\s*\n/, ''), code.statements.flatMap((s) => s.names));
    return undefined;
  }

  private addCode(code: string, names: readonly string[]): void {
    this.code.push(code.trimEnd());
    for (const name of names) this.adding.add(name);
  }

  /**
   * The name of the layer's instance for the call's dependency (`axiosBreaker`), reused when the
   * file declares it, else declared: after the last instance of its kind, or after the layer's code
   * in the file, or after the code this plan inserts.
   */
  addInstance(layer: Layer, target: Target): string {
    const { file } = this;
    const suffix = layer.variant.instance!.suffix;
    const base = `${variableName(dependencyName(target.call ?? target.node))}${suffix}`;
    let name = base;
    for (let n = 2; ; n++) {
      const binding = file.resolver.lookup(name, target.node);
      if (binding) {
        if (binding.scope.type === 'program' && binding.init && initHead(binding.init) === layer.instanceHead) return name;
      } else if (!this.declared.has(name) && !this.adding.has(name) && !layer.code.declares.includes(name)) break;
      name = `${base}${n}`;
    }
    this.adding.add(name);
    const { template } = layer.code;
    // The template's first occurrence of its name is the one it declares: `const dependencyBreaker = ...`.
    const at = template ? template.code.indexOf(template.name) : -1;
    const declaration = template ? `${template.code.slice(0, at)}${name}${template.code.slice(at + template.name.length)}` : `const ${name} = ${layer.variant.instance!.init};`;
    const anchor = this.anchorOf(layer);
    if (!anchor) {
      this.instances.push(declaration);
      return name;
    }
    const offset = statementLineEnd(file, anchor.statement);
    // Declarations of one line each stack without blank lines; a multi-line one is set apart.
    const oneLine = !declaration.includes('\n') && !anchor.statement.text.includes('\n');
    const slot = this.anchored.get(offset) ?? { gap: anchor.isInstance && oneLine ? 1 : 2, declarations: [] };
    if (!oneLine) slot.gap = 2;
    slot.declarations.push(declaration);
    this.anchored.set(offset, slot);
    return name;
  }

  /**
   * The last module-scope instance of the layer's kind, or else the last statement (not an import)
   * declaring a name that code of the same library (or of the helpers) declares.
   */
  private anchorOf(layer: Layer): { statement: SyntaxNode; isInstance: boolean } | undefined {
    const related = new Set(VARIANTS.filter((v) => v.library === layer.variant.library).flatMap((v) => v.names));
    let found: { statement: SyntaxNode; isInstance: boolean } | undefined;
    for (const statement of this.file.root.namedChildren) {
      if (!statement || statement.type === 'import_statement') continue;
      const declaration = statement.type === 'export_statement' ? statement.childForFieldName('declaration') : statement;
      if (!declaration) continue;
      const names: string[] = [];
      let isInstance = false;
      if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
        for (const d of declaration.namedChildren) {
          if (d?.type !== 'variable_declarator') continue;
          const value = d.childForFieldName('value');
          if (value && layer.instanceHead && initHead(value) === layer.instanceHead) isInstance = true;
          const name = d.childForFieldName('name');
          if (name?.type === 'identifier') names.push(name.text);
        }
        // A `require` of the library is part of the prologue, not an anchor.
        if (names.length > 0 && declaration.text.includes('require(')) names.length = 0;
      } else {
        const name = declaration.childForFieldName('name');
        if (name) names.push(name.text);
      }
      if (isInstance) found = { statement, isInstance: true };
      else if (!found?.isInstance && names.some((n) => related.has(n))) found = { statement, isInstance: false };
    }
    return found;
  }

  edits(): TextEdit[] {
    const { text } = this.file;
    const edits: TextEdit[] = [...this.merges];
    const prologue = afterPrologue(this.file);
    const importsAt = importOffset(this.file);
    const parts: Array<{ offset: number; gap: 1 | 2; code: string }> = [];
    if (this.importStatements.length > 0) parts.push({ offset: importsAt ?? prologue, gap: importsAt === undefined ? 2 : 1, code: this.importStatements.join('\n') });
    const code = [...this.code, ...this.instances];
    if (code.length > 0) parts.push({ offset: prologue, gap: 2, code: code.join('\n\n') });
    for (const [offset, slot] of this.anchored) parts.push({ offset, gap: slot.gap, code: slot.declarations.join(slot.gap === 1 ? '\n' : '\n\n') });
    const byOffset = new Map<number, Array<{ gap: 1 | 2; code: string }>>();
    for (const part of parts) byOffset.set(part.offset, [...(byOffset.get(part.offset) ?? []), part]);
    for (const [offset, group] of byOffset) {
      const code = group.map((part, i) => (i === 0 ? part.code : `${'\n'.repeat(part.gap)}${part.code}`)).join('');
      edits.push(insertTopLevel(text, offset, code, group[0].gap, group[group.length - 1].gap));
    }
    return edits;
  }
}

/** Ranges sorted, overlapping or touching ones joined. */
function mergedRanges(ranges: Array<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const merged: Array<{ start: number; end: number }> = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

function wholeLinesOf(text: string, range: { start: number; end: number }): { start: number; end: number } {
  const [start, end] = wholeLines(text, range.start, range.end);
  return { start, end };
}

/** The dependency a call goes to: `axios` for `axios.get`, `billing` for `this.billing.charge`, `fetch` for `fetch`. */
function dependencyName(node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  switch (n.type) {
    case 'identifier':
      return n.text;
    case 'member_expression': {
      const object = n.childForFieldName('object');
      if (!object) return undefined;
      const root = unwrap(object).type;
      return root === 'this' || root === 'super' ? n.childForFieldName('property')?.text : dependencyName(object);
    }
    case 'call_expression':
    case 'new_expression': {
      const callee = calleeOf(n);
      return callee ? dependencyName(callee) : undefined;
    }
    case 'await_expression':
      return n.namedChildren[0] ? dependencyName(n.namedChildren[0]) : undefined;
    default:
      return undefined;
  }
}

/** A lowerCamel variable name from a dependency name: `API` → `api`, `HttpClient` → `httpClient`, `#client` → `client`. */
function variableName(name: string | undefined): string {
  const cleaned = (name ?? '').replace(/[^\p{L}\p{N}_$]/gu, '').replace(/^[\p{N}]+/u, '');
  if (!cleaned) return 'dependency';
  if (cleaned === cleaned.toUpperCase()) return cleaned.toLowerCase();
  return cleaned.charAt(0).toLowerCase() + cleaned.slice(1);
}

// Timeout signal

/** `signal`, unless the call already mentions a `signal` of its own that the parameter would hide. */
function freeSignalName(target: Target): string {
  const used = new Set(
    target.node
      .descendantsOfType(['identifier', 'shorthand_property_identifier'])
      .filter((n): n is SyntaxNode => n !== null && n.startIndex >= target.start)
      .map((n) => n.text),
  );
  if (!used.has('signal')) return 'signal';
  for (let n = 1; ; n++) {
    const name = n === 1 ? 'timeoutSignal' : `timeoutSignal${n}`;
    if (!used.has(name)) return name;
  }
}

/** The edit passing the signal to the first request of the call chain that takes one (`fetch(u).then(...)` → `fetch`). */
function signalEdit(file: SourceFile, target: Target, signal: string): TextEdit | undefined {
  for (let call = target.call; call; call = innerCall(call)) {
    if (call.type !== 'call_expression') continue;
    const index = optionsIndex(file, call);
    const edit = index === undefined ? undefined : optionsEdit(file.text, call, index, signal);
    if (edit) return edit;
  }
  return undefined;
}

/** The call a method is called on: `fetch(u)` in `fetch(u).then(f)`. */
function innerCall(call: SyntaxNode): SyntaxNode | undefined {
  const callee = calleeOf(call);
  const object = callee?.type === 'member_expression' ? callee.childForFieldName('object') : null;
  const inner = object ? unwrap(object) : null;
  return inner && CALL_TYPES.has(inner.type) ? inner : undefined;
}

const FETCH_MODULES = new Set(['node-fetch', 'cross-fetch', 'isomorphic-fetch']);
const FETCH_GLOBALS = new Set(['globalThis', 'window', 'self']);
/** axios methods whose config is the second argument, and those that take data first. */
const AXIOS_URL_ONLY = new Set(['get', 'delete', 'head', 'options']);
const AXIOS_WITH_DATA = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);

/** Which argument of a request call holds its options (and so its `signal`), or undefined when it is not a known request. */
function optionsIndex(file: SourceFile, call: SyntaxNode): number | undefined {
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const value = file.resolver.valueOf(callee);
  if (isFetch(value)) return 1;
  const client = httpClient(value);
  if (!client) return undefined;
  const args = argumentsOf(call);
  if (client.method === undefined) {
    // `axios(config)`, `axios(url, config)`, `got(url, options)`; `axios(x)` alone could be either.
    const kind = args[0] ? unwrap(args[0]).type : undefined;
    if (kind === 'object') return 0;
    return args.length >= 2 || kind === 'string' || kind === 'template_string' ? 1 : undefined;
  }
  if (client.library === 'axios') {
    if (client.method === 'request') return 0;
    if (AXIOS_URL_ONLY.has(client.method)) return 1;
    if (AXIOS_WITH_DATA.has(client.method)) return 2;
    return undefined;
  }
  return GOT_METHODS.has(client.method) ? 1 : undefined;
}

function isFetch(value: Value): boolean {
  if (value.kind === 'global') {
    return (value.name === 'fetch' && value.path.length === 0) || (FETCH_GLOBALS.has(value.name) && value.path.join('.') === 'fetch');
  }
  if (value.kind === 'module') {
    return (FETCH_MODULES.has(value.module) && value.path.length === 0) || (value.module === 'undici' && value.path.join('.') === 'fetch');
  }
  return false;
}

/** An axios or got function, or one of an instance made by `axios.create()` / `got.extend()`. */
function httpClient(value: Value): { library: 'axios' | 'got'; method?: string } | undefined {
  const factory: Record<string, string> = { axios: 'create', got: 'extend' };
  let module: string | undefined;
  let path: string[] = [];
  if (value.kind === 'module') {
    module = value.module;
    path = value.path;
  } else if (value.kind === 'created' && value.by.kind === 'module' && value.by.path.length === 1 && value.by.path[0] === factory[value.by.module]) {
    module = value.by.module;
    path = value.path;
  }
  if ((module !== 'axios' && module !== 'got') || path.length > 1) return undefined;
  return { library: module, method: path[0] };
}

/** Adds `signal` to the options argument at `index`, creating it (and `undefined` for skipped arguments) when absent. */
function optionsEdit(text: string, call: SyntaxNode, index: number, signal: string): TextEdit | undefined {
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'arguments') return undefined;
  const args = argumentsOf(call);
  if (args.length === 0 || args.some((a) => a.type === 'spread_element')) return undefined;
  const property = signal === 'signal' ? 'signal' : `signal: ${signal}`;
  if (index >= args.length) {
    const last = args[args.length - 1];
    const skipped = ', undefined'.repeat(index - args.length);
    return { start: last.endIndex, end: last.endIndex, text: `${skipped}, { ${property} }` };
  }
  const options = unwrap(args[index]);
  // Options built elsewhere, spread in, or with a signal of their own are left alone.
  if (options.type !== 'object' || hasSpread(options) || findProperty(options, 'signal')) return undefined;
  return addProperty(text, options, property);
}

function addProperty(text: string, object: SyntaxNode, property: string): TextEdit {
  const members = object.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const last = members[members.length - 1];
  if (!last) {
    const inside = text.slice(object.startIndex + 1, object.endIndex - 1);
    if (inside.trim() === '') return { start: object.startIndex, end: object.endIndex, text: `{ ${property} }` };
    return { start: object.endIndex - 1, end: object.endIndex - 1, text: ` ${property} ` };
  }
  const comma = last.nextSibling?.type === ',' ? last.nextSibling : null;
  const multiLine = text.slice(object.startIndex, last.startIndex).includes('\n');
  const eol = lineEnding(text);
  if (multiLine) {
    const indent = indentationAt(text, last.startIndex);
    // After a comment that ends the last property's line, so the comment stays with its property.
    const note = comma?.nextSibling?.type === 'comment' && !text.slice(comma.endIndex, comma.nextSibling.startIndex).includes('\n') ? comma.nextSibling : null;
    const at = note?.endIndex ?? comma?.endIndex;
    return at !== undefined
      ? { start: at, end: at, text: `${eol}${indent}${property},` }
      : { start: last.endIndex, end: last.endIndex, text: `,${eol}${indent}${property}` };
  }
  return comma ? { start: comma.endIndex, end: comma.endIndex, text: ` ${property}` } : { start: last.endIndex, end: last.endIndex, text: `, ${property}` };
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
