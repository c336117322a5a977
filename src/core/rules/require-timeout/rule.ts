import { chainedCalls, recognizeClientFactory, recognizeHttpCall, type HttpCall, type HttpClient } from '../../knowledge/httpCalls';
import { isDevelopmentOnly, isDevTooling } from '../../knowledge/devTooling';
import type { SyntaxNode } from '../../parse/parser';
import { calleeOf, findProperty, hasSpread, indentationAt, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { defineRule, JS_FAMILY, type RuleContext } from '../rule';
import { insertArgument, setProperties } from './insertions';
import { disablesTimeout, insideTimeoutWrapper, setsTimeoutLater, SharedTimeouts } from './timeoutsElsewhere';

type OptionClient = Exclude<HttpClient, 'ky' | 'superagent'>;
type OptionCall = HttpCall & { client: OptionClient };
type Properties = ReadonlyArray<readonly [string, string]>;

const SIGNAL: Properties = [['signal', 'AbortSignal.timeout(10_000)']];

/** Options that bound a call, per client. A signal, cancel token or dispatcher counts whatever its value. */
const TIMEOUT_OPTIONS: Record<OptionClient, readonly string[]> = {
  fetch: ['signal', 'timeout', 'dispatcher'],
  axios: ['timeout', 'signal', 'cancelToken'],
  got: ['timeout', 'signal'],
  undici: ['headersTimeout', 'bodyTimeout', 'timeout', 'signal', 'dispatcher'],
  'node-http': ['timeout', 'signal'],
};
const ANY_VALUE_OPTIONS: ReadonlySet<string> = new Set(['signal', 'cancelToken', 'dispatcher']);

/** What the preferred fix sets, per client; undici's alternative is a signal. */
const FIX_OPTIONS: Record<OptionClient, Properties> = {
  fetch: SIGNAL,
  axios: [['timeout', '10_000']],
  got: [['timeout', '{ request: 10_000 }']],
  undici: [['headersTimeout', '10_000'], ['bodyTimeout', '10_000']],
  'node-http': SIGNAL,
};

/** superagent methods that send the request: a `.timeout()` after them comes too late. */
const SENDING_METHODS: ReadonlySet<string> = new Set(['then', 'end', 'catch', 'finally', 'pipe']);
const SUPERAGENT_TIMEOUT = '.timeout({ response: 5_000, deadline: 10_000 })';

/** A call's own options: a timeout `set`, `absent`, switched `off` (`timeout: 0`), or `unknown` (not a literal, a spread). */
type OwnTimeout = { state: 'set' | 'absent' | 'unknown' } | { state: 'off'; property: SyntaxNode };

export default defineRule({
  meta: {
    id: 'require-timeout',
    description: 'Outgoing HTTP calls need a timeout or an abort signal.',
    messages: {
      fetch: '{{callee}} has no timeout: fetch has no overall deadline by default (Node waits up to 300 s for headers, then 300 s between body chunks).',
      nodeFetch: '{{callee}} has no timeout: {{source}} waits forever by default.',
      axios: '{{callee}} has no timeout: axios waits forever by default (timeout 0).',
      axiosTimeoutOff: '{{callee}} sets {{setting}}, which axios reads as no timeout: it waits forever.',
      got: '{{callee}} has no timeout: got sets none by default and waits as long as the server does.',
      undici: '{{callee}} has no overall timeout: undici request waits up to 300 s for headers and 300 s between body chunks by default.',
      nodeHttp: '{{callee}} has no timeout: a node:http request waits as long as the socket stays open by default.',
      kyTimeoutDisabled: "timeout: false switches off ky's default 10 s timeout, so this request can wait forever.",
      superagent: '{{callee}} has no timeout: superagent waits forever unless .timeout() is set.',
    },
    defaultSeverity: 'warning',
    section: { instruction: 'distributed-systems', heading: 'Timeouts and deadlines' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    // Scripts and command-line tools hang one terminal, not a service's sockets and pools.
    if (isDevTooling(file)) return {};
    const shared = new SharedTimeouts(file);
    const suspects: Array<{ http: OptionCall; own: OwnTimeout; options: SyntaxNode | undefined }> = [];

    return {
      call_expression(call) {
        const http = recognizeHttpCall(file, call);
        if (!http) {
          const name = calledName(call);
          if (name === 'create' || name === 'extend') {
            const factory = recognizeClientFactory(file, call);
            if (factory?.client === 'ky') reportKyTimeoutFalse(factory.configNode, context.report);
          } else {
            shared.noteCall(call, name);
          }
          return;
        }
        if (http.client === 'ky') return reportKyTimeoutFalse(http.optionsNode, context.report);
        if (http.client === 'superagent') return insideTimeoutWrapper(file, call) ? undefined : checkSuperagent(file, http, context.report);
        if (http.optionsIndex === undefined) return;
        const options = optionsObject(file, http.optionsNode);
        const own = ownTimeout(http.client, options);
        if (own.state === 'set' || own.state === 'unknown') return;
        if (http.client === 'node-http' && setsTimeoutLater(file, call)) return;
        if (own.state === 'absent' && http.instance) {
          const defaults = ownTimeout(http.client, http.instance.configNode);
          const extraArguments = (http.instance.call.childForFieldName('arguments')?.namedChildCount ?? 0) > 1;
          if (defaults.state === 'set' || defaults.state === 'unknown' || extraArguments) return;
        }
        // A development-only branch (`if (process.env.NODE_ENV === 'development')`) never runs in the service.
        if (insideTimeoutWrapper(file, call) || isDevelopmentOnly(file, call)) return;
        suspects.push({ http: http as OptionCall, own, options });
      },
      // Defaults may be assigned after the calls that rely on them, so the calls are judged at the end.
      'program:exit'() {
        for (const { http, own, options } of suspects) {
          // A per-call `timeout: 0` overrides every default; a global dispatcher still bounds fetch.
          if ((own.state === 'absent' || http.client !== 'axios') && shared.covers(http)) continue;
          const data = { callee: http.callee.text.replace(/\s+/g, ''), source: http.source, setting: own.state === 'off' ? own.property.text : '' };
          const nodeFetch = http.client === 'fetch' && http.source !== 'global' && http.source !== 'undici';
          const messageId = own.state === 'off' && http.client === 'axios' ? 'axiosTimeoutOff' : nodeFetch ? 'nodeFetch' : messageIdOf(http.client);
          context.report({ node: underlined(http.callee), messageId, data, fixes: fixesFor(file, http, options, own.state === 'off') });
        }
      },
    };
  },
});

function messageIdOf(client: OptionClient): string {
  return client === 'node-http' ? 'nodeHttp' : client;
}

function ownTimeout(client: OptionClient, options: SyntaxNode | undefined): OwnTimeout {
  if (!options) return { state: 'absent' };
  const object = unwrap(options);
  if (object.type !== 'object') return { state: 'unknown' };
  let off: SyntaxNode | undefined;
  for (const key of TIMEOUT_OPTIONS[client]) {
    const property = findProperty(object, key);
    if (!property) continue;
    if (ANY_VALUE_OPTIONS.has(key) || !disablesTimeout(property.value)) return { state: 'set' };
    off ??= property.node;
  }
  if (hasSpread(object)) return { state: 'unknown' };
  return off ? { state: 'off', property: off } : { state: 'absent' };
}

/**
 * The object literal a call's options are read from: written in the call, or held by a `const`
 * that nothing else in its scope mentions (`const config = { headers }; axios.post(url, body,
 * config)`). Any other mention of the name (a property set later, another call, an export) leaves
 * the options as they are written: an identifier, which says nothing.
 */
function optionsObject(file: SourceFile, options: SyntaxNode | undefined): SyntaxNode | undefined {
  const node = options && unwrap(options);
  if (node?.type !== 'identifier') return node;
  const binding = file.resolver.resolve(node);
  const init = binding?.kind === 'variable' && !binding.destructured && binding.init ? unwrap(binding.init) : undefined;
  const declaration = binding?.identifier.parent?.parent;
  if (!binding || init?.type !== 'object' || declaration?.type !== 'lexical_declaration') return node;
  if (!file.text.startsWith('const', declaration.startIndex) || declaration.parent?.type === 'export_statement') return node;
  const { scope, identifier } = binding;
  const mentions = file.occurrences(binding.name).filter((at) => at >= scope.startIndex && at < scope.endIndex && at !== identifier.startIndex);
  return mentions.length === 1 && mentions[0] === node.startIndex ? init : node;
}

/** The preferred fix sets a timeout where the client is created, when this file creates it; then on the call itself (or the `const` holding its options). */
function fixesFor(file: SourceFile, http: OptionCall, options: SyntaxNode | undefined, callSwitchesItOff: boolean): Fix[] {
  const properties = FIX_OPTIONS[http.client];
  const describe = (props: Properties) => props.map(([key, value]) => `${key}: ${value}`).join(', ');
  const written = http.optionsNode && unwrap(http.optionsNode);
  const where = written && options && written.id !== options.id ? `to ${written.text}` : 'to this call';
  const onCall = (props: Properties): Fix => {
    const edits = options ? setProperties(file.text, options, props) : insertArgument(file.text, http.call, http.optionsIndex ?? 0, `{ ${describe(props)} }`);
    return { title: `Add ${describe(props)} ${where}`, edits, safe: false };
  };
  const fixes = [onCall(properties)];
  if (http.client === 'undici') fixes.push(onCall(SIGNAL));
  const instance = http.instance;
  if (instance && !callSwitchesItOff) {
    const config = instance.configNode && unwrap(instance.configNode);
    const edits = config ? setProperties(file.text, config, properties) : insertArgument(file.text, instance.call, 0, `{ ${describe(properties)} }`);
    const client = instance.binding?.name ?? 'the client';
    fixes.unshift({ title: `Add ${describe(properties)} where ${client} is created (covers every call through it)`, edits, safe: false });
  }
  fixes[0].preferred = true;
  return fixes;
}

/** ky times out after 10 s unless told `timeout: false`. */
function reportKyTimeoutFalse(options: SyntaxNode | undefined, report: RuleContext['report']): void {
  const object = options && unwrap(options);
  const timeout = object?.type === 'object' ? findProperty(object, 'timeout') : undefined;
  if (timeout?.value.type !== 'false') return;
  const edit = { start: timeout.value.startIndex, end: timeout.value.endIndex, text: '10_000' };
  report({ node: timeout.node, messageId: 'kyTimeoutDisabled', fixes: [{ title: 'Set timeout: 10_000 (10 s)', edits: [edit], safe: false, preferred: true }] });
}

/** superagent builds a request by chaining and sends it on `await`, `.then()` or `.end()`: a sent chain needs `.timeout()`. */
function checkSuperagent(file: SourceFile, http: HttpCall, report: RuleContext['report']): void {
  const chain = chainedCalls(http.call);
  const sending = chain.findIndex((link) => SENDING_METHODS.has(link.name));
  const builders = sending < 0 ? chain : chain.slice(0, sending);
  if (builders.some((link) => link.name === 'timeout')) return;
  const last = builders[builders.length - 1];
  const end = last?.call ?? http.call;
  if (sending < 0 && end.parent?.type !== 'await_expression') return; // stored or returned: it may get its timeout elsewhere
  // Continue the chain in its layout: a chain written one call per line gets one more line.
  const member = last?.member ?? http.callee;
  const object = member.type === 'member_expression' ? member.childForFieldName('object') : null;
  const property = member.type === 'member_expression' ? member.childForFieldName('property') : null;
  const ownLine = object && property && file.text.slice(object.endIndex, property.startIndex).includes('\n');
  const text = ownLine ? `\n${indentationAt(file.text, property.startIndex)}${SUPERAGENT_TIMEOUT}` : SUPERAGENT_TIMEOUT;
  const fix: Fix = { title: `Append ${SUPERAGENT_TIMEOUT} to the request`, edits: [{ start: end.endIndex, end: end.endIndex, text }], safe: false, preferred: true };
  report({ node: underlined(http.callee), messageId: 'superagent', data: { callee: http.callee.text.replace(/\s+/g, '') }, fixes: [fix] });
}

/** The callee, or only its method name when a chain spreads it over lines (`https\n  .get`). */
function underlined(callee: SyntaxNode): SyntaxNode {
  const property = callee.type === 'member_expression' ? callee.childForFieldName('property') : null;
  return property && callee.text.includes('\n') ? property : callee;
}

/** The last name of the callee: `create` for `axios.create(...)`, `f` for `f()`. */
function calledName(call: SyntaxNode): string | undefined {
  const callee = calleeOf(call);
  if (callee?.type === 'member_expression') return callee.childForFieldName('property')?.text;
  return callee?.type === 'identifier' ? callee.text : undefined;
}
