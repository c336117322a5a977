import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, findProperty, stringValue, unwrap } from '../parse/syntax';
import type { HttpCall } from './httpCalls';

/**
 * Where a request goes, as far as its literal URL says. A request to the same machine (`localhost`,
 * `127.0.0.1`) is a test server, a dev setup or a sidecar: advice about calling other services
 * (retries, breakers, idempotency keys) is not about it.
 */

const LOCAL_URL = /^(https?:)?\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?=[:/?#]|$)/i;

/** True when the request's URL is written here and starts with a local address. */
export function sendsToLocalhost(http: HttpCall): boolean {
  const [first] = argumentsOf(http.call);
  const target = first && unwrap(first);
  if (!target) return false;
  // `axios(config)`, `axios.request(config)`: the URL is a property of the config.
  const url = target.type === 'object' ? findProperty(target, 'url')?.value : target;
  const head = url && literalHead(url);
  return head !== undefined && LOCAL_URL.test(head);
}

/** The text a URL expression starts with: a string, a template up to its first `${`, the left of a `+`. */
function literalHead(node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  if (n.type === 'string') return stringValue(n);
  if (n.type === 'template_string') {
    const first = n.namedChildren.find((c) => c?.type === 'template_substitution');
    return n.text.slice(1, first ? first.startIndex - n.startIndex : -1);
  }
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
    const left = n.childForFieldName('left');
    return left ? literalHead(left) : undefined;
  }
  if (n.type === 'new_expression' && n.childForFieldName('constructor')?.text === 'URL') {
    const [href] = argumentsOf(n);
    return href ? literalHead(href) : undefined;
  }
  return undefined;
}
