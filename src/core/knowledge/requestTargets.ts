import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, findProperty, stringValue, unwrap } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import { isConst } from './fixedValues';
import type { HttpCall } from './httpCalls';

/**
 * Where a request goes, as far as its literal URL says. A request to the same machine (`localhost`,
 * `127.0.0.1`) is a test server, a dev setup or a sidecar: advice about calling other services
 * (retries, breakers, idempotency keys) is not about it.
 */

const LOCAL_URL = /^(https?:)?\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?=[:/?#]|$)/i;

/** True when the request's URL is written here and starts with a local address. */
export function sendsToLocalhost(http: HttpCall): boolean {
  const url = urlOf(http);
  const head = url && literalHead(url);
  return head !== undefined && LOCAL_URL.test(head);
}

/**
 * True when the request's host comes with each call: its URL starts with a parameter of the
 * function it is sent from, or with something read from one (`subscriber.webhookUrl`,
 * `req.body.callback`), directly or through a local `const`. A webhook sender calls as many hosts
 * as it has subscribers; a URL built from a module constant or the environment has one host.
 */
export function hostComesWithEachCall(file: SourceFile, http: HttpCall): boolean {
  const url = urlOf(http);
  return url !== undefined && startsWithParameter(file, url, 0);
}

/** The URL expression: the first argument, or the `url` of a config object (`axios(config)`). */
function urlOf(http: HttpCall): SyntaxNode | undefined {
  const [first] = argumentsOf(http.call);
  const target = first && unwrap(first);
  if (!target) return undefined;
  return (target.type === 'object' ? findProperty(target, 'url')?.value : target) ?? undefined;
}

/** How many `const` initialisers a URL is followed through. */
const MAX_HOPS = 3;

function startsWithParameter(file: SourceFile, node: SyntaxNode, hops: number): boolean {
  const n = urlStart(node);
  switch (n.type) {
    case 'template_string': {
      // Only a substitution in first place decides the host: `https://api.internal/${id}` has one.
      const first = n.namedChildren.find((c) => c?.type !== 'string_fragment' || c.text !== '');
      const expression = first?.type === 'template_substitution' && first.startIndex === n.startIndex + 1 ? first.namedChildren[0] : undefined;
      return expression != null && startsWithParameter(file, expression, hops);
    }
    case 'member_expression':
    case 'subscript_expression': {
      const object = n.childForFieldName('object');
      return object !== null && startsWithParameter(file, object, hops);
    }
    case 'identifier': {
      const binding = file.resolver.resolve(n);
      if (binding?.kind === 'parameter') return true;
      if (binding?.kind !== 'variable' || !binding.init || binding.destructured || !isConst(binding) || hops >= MAX_HOPS) return false;
      return startsWithParameter(file, binding.init, hops + 1);
    }
    default:
      return false;
  }
}

/** The text a URL expression starts with: a string, a template up to its first `${`. */
function literalHead(node: SyntaxNode): string | undefined {
  const n = urlStart(node);
  if (n.type === 'string') return stringValue(n);
  if (n.type === 'template_string') {
    const first = n.namedChildren.find((c) => c?.type === 'template_substitution');
    return n.text.slice(1, first ? first.startIndex - n.startIndex : -1);
  }
  return undefined;
}

/** The part a URL expression starts with: the left of a `+` (`base + path`), the `href` of `new URL(href)`. */
function urlStart(node: SyntaxNode): SyntaxNode {
  const n = unwrap(node);
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
    const left = n.childForFieldName('left');
    return left ? urlStart(left) : n;
  }
  if (n.type === 'new_expression' && n.childForFieldName('constructor')?.text === 'URL') {
    const [href] = argumentsOf(n);
    return href ? urlStart(href) : n;
  }
  return n;
}
