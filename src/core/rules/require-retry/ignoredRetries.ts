import { recognizeClientFactory, type HttpCall } from '../../knowledge/httpCalls';
import { importedModules } from '../../knowledge/modules';
import { recogniseRetryCall, retriesDisabled } from '../../knowledge/retryLibraries';
import type { Value } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, findProperty, hasSpread, numberValue, stringValue, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import { disablesTimeout } from '../require-timeout/timeoutsElsewhere';

/**
 * Retries that are configured but, because of a library default, never happen where the author
 * expects them: axios-retry's default `retryCondition` skips timed-out requests (`ECONNABORTED`), and
 * got retries only GET, PUT, HEAD, DELETE, OPTIONS and TRACE unless `retry.methods` says otherwise.
 */

/** The client an `axiosRetry(client)` call or a request configures: axios itself, or an instance by the id of its `axios.create` call. */
type AxiosTarget = 'axios' | number;

export interface TimeoutNotRetried {
  /** The `axiosRetry` callee: the place to underline. */
  callee: SyntaxNode;
  /** The client as written in the call (`axios`, `ordersApi`). */
  client: string;
}

/**
 * `axiosRetry(client, options)` calls with the default `retryCondition` on a client the file gives a
 * timeout: in `axios.create({ timeout })`, `client.defaults.timeout = ...` (or `axios.defaults`), or
 * a request's own config. Fed every call of the walk; the verdict comes at the end, since the setup
 * often precedes the requests. Options the file cannot read and clients it cannot trace are silent.
 */
export class AxiosTimeoutsNotRetried {
  private readonly setups: Array<TimeoutNotRetried & { target: AxiosTarget }> = [];
  private readonly timedOut = new Set<AxiosTarget>();
  /** `axios.defaults.timeout = ...`: instances created from axios inherit it. */
  private axiosDefaultsTimeout = false;
  private readonly usesAxiosRetry: boolean;

  constructor(private readonly file: SourceFile) {
    this.usesAxiosRetry = importedModules(file).has('axios-retry');
  }

  noteCall(call: SyntaxNode, http: HttpCall | undefined): void {
    if (!this.usesAxiosRetry) return;
    if (http) {
      if (http.client === 'axios' && setsTimeout(http.optionsNode)) this.timedOut.add(http.instance ? http.instance.call.id : 'axios');
      return;
    }
    const callee = calleeOf(call);
    if (callee?.type === 'member_expression') {
      const factory = recognizeClientFactory(this.file, call);
      if (factory?.client === 'axios' && setsTimeout(factory.configNode)) this.timedOut.add(call.id);
      return;
    }
    const retry = callee?.type === 'identifier' ? recogniseRetryCall(call, this.file.resolver) : undefined;
    if (retry?.library !== 'axios-retry' || !retry.optionsReadable || retriesDisabled(retry)) return;
    if (retry.options && findProperty(retry.options, 'retryCondition')) return;
    const [client] = argumentsOf(call);
    const target = client ? axiosTarget(this.file.resolver.valueOf(client)) : undefined;
    if (client && target !== undefined) this.setups.push({ callee: retry.callee, client: client.text, target });
  }

  /** The setups whose client times out; call once, after the walk. */
  findings(): TimeoutNotRetried[] {
    if (this.setups.length === 0) return [];
    this.noteDefaults();
    return this.setups.filter((setup) => this.axiosDefaultsTimeout || this.timedOut.has(setup.target));
  }

  /** `axios.defaults.timeout = ...`, `api.defaults.timeout = ...`. */
  private noteDefaults(): void {
    if (!this.file.text.includes('defaults')) return;
    for (const assignment of this.file.root.descendantsOfType('assignment_expression')) {
      const left = assignment?.childForFieldName('left');
      const right = assignment?.childForFieldName('right');
      if (left?.type !== 'member_expression' || left.childForFieldName('property')?.text !== 'timeout' || !right || disablesTimeout(right)) continue;
      const defaults = left.childForFieldName('object');
      const owner = defaults?.type === 'member_expression' && defaults.childForFieldName('property')?.text === 'defaults' ? defaults.childForFieldName('object') : null;
      const target = owner ? axiosTarget(this.file.resolver.valueOf(owner)) : undefined;
      if (target === 'axios') this.axiosDefaultsTimeout = true;
      else if (target !== undefined) this.timedOut.add(target);
    }
  }
}

function axiosTarget(value: Value): AxiosTarget | undefined {
  if (value.kind === 'module' && value.module === 'axios' && value.path.length === 0) return 'axios';
  if (value.kind === 'created' && value.path.length === 0 && value.by.kind === 'module' && value.by.module === 'axios' && value.by.path.join('.') === 'create') return value.call.id;
  return undefined;
}

/** An axios config object literal with a `timeout` that is not `0` (axios's "no timeout"). */
function setsTimeout(config: SyntaxNode | undefined): boolean {
  const object = config && unwrap(config);
  const timeout = object?.type === 'object' ? findProperty(object, 'timeout') : undefined;
  return timeout !== undefined && !disablesTimeout(timeout.value);
}

/** got's `retry.methods` default: every method but POST and PATCH. */
const GOT_DEFAULT_METHODS: readonly string[] = ['get', 'put', 'head', 'delete', 'options', 'trace'];

/** A `retry: { ... }` object of got options as far as the file shows it. */
type GotRetry = 'absent' | 'unknown' | { property: SyntaxNode; limit?: SyntaxNode; methods?: readonly string[] | 'unknown' };

/**
 * The `retry` property that sets a `limit` for a got POST or PATCH whose effective `retry.methods`
 * (the call's, else its `got.extend` instance's, else got's default) does not list that method.
 * Undefined when the retry applies, when the options cannot be read, or when the limit is 0.
 */
export function gotRetrySkippingMethod(http: HttpCall): SyntaxNode | undefined {
  if (http.client !== 'got' || (http.method !== 'post' && http.method !== 'patch')) return undefined;
  const own = gotRetry(http.optionsNode);
  const extendArgs = http.instance ? argumentsOf(http.instance.call).length : 0;
  const shared = !http.instance ? 'absent' : extendArgs > 1 ? 'unknown' : gotRetry(http.instance.configNode);
  // The call's `retry` is merged over the instance's: methods the instance may list still count.
  if (own === 'unknown' || (shared === 'unknown' && (own === 'absent' || own.methods === undefined))) return undefined;
  const layers = [own, shared].filter((layer): layer is Exclude<GotRetry, 'absent' | 'unknown'> => typeof layer === 'object');
  const limited = layers.find((layer) => layer.limit !== undefined);
  if (!limited || numberValue(limited.limit!) === 0) return undefined;
  const methods = layers.find((layer) => layer.methods !== undefined)?.methods ?? GOT_DEFAULT_METHODS;
  return methods !== 'unknown' && !methods.includes(http.method) ? limited.property : undefined;
}

function gotRetry(options: SyntaxNode | undefined): GotRetry {
  const object = options && unwrap(options);
  if (!object) return 'absent';
  if (object.type !== 'object') return 'unknown';
  const retry = findProperty(object, 'retry');
  if (!retry) return hasSpread(object) ? 'unknown' : 'absent';
  const value = unwrap(retry.value);
  if (value.type !== 'object' || hasSpread(value)) return 'unknown';
  const limit = findProperty(value, 'limit')?.value;
  const methods = findProperty(value, 'methods')?.value;
  return { property: retry.node, limit, methods: methods && methodList(methods) };
}

/** Lower-case method names of an array literal of strings; 'unknown' for anything else. */
function methodList(node: SyntaxNode): readonly string[] | 'unknown' {
  const list = unwrap(node);
  if (list.type !== 'array') return 'unknown';
  const names = list.namedChildren.filter((item) => item !== null && item.type !== 'comment').map((item) => stringValue(item!)?.toLowerCase());
  return names.every((name) => name !== undefined) ? (names as string[]) : 'unknown';
}
