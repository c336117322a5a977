import { recogniseJwtVerify, type JwtVerifyCall } from '../../knowledge/jwtLibraries';
import { nameWords } from '../../knowledge/secrets';
import type { SyntaxNode } from '../../parse/parser';
import { findProperty, hasSpread, stringValue, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { defineRule, JS_FAMILY, type RuleContext } from '../rule';
import { insertArgument, setProperties } from '../require-timeout/insertions';

export default defineRule({
  meta: {
    id: 'require-jwt-algorithms',
    description: 'JWT verification pins the accepted signing algorithms.',
    messages: {
      jsonwebtoken: "{{callee}} has no algorithms list, so the token's own alg header chooses among every algorithm that fits the key. Pin the algorithms you issue (for example algorithms: ['{{algorithm}}']), so the check depends neither on the token nor on the library version.",
      jose: "{{callee}} has no algorithms list, so the token's own alg header chooses among the algorithms the key allows. Pin the algorithms you issue (for example algorithms: ['{{algorithm}}']), as the section's jose example does.",
      noneAllowed: "algorithms lists 'none', which jsonwebtoken accepts whenever the key is empty (a missing environment variable, say): such a token carries no signature. List only the signing algorithms you issue.",
    },
    defaultSeverity: 'error',
    section: { instruction: 'secure-backend', heading: 'JWT verification' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    if ((!file.text.includes('jsonwebtoken') && !file.text.includes('jose'))) return {};
    return {
      call_expression(call) {
        const verify = recogniseJwtVerify(file, call);
        if (!verify) return;
        const options = verify.options && unwrap(verify.options);
        if (options && options.type !== 'object') return; // built elsewhere: cannot be read
        const algorithms = options && findProperty(options, 'algorithms');
        if (algorithms) {
          const list = unwrap(algorithms.value);
          if (verify.library === 'jsonwebtoken' && list.type === 'array') reportNone(list, context.report);
          return;
        }
        if (options && hasSpread(options)) return;
        const algorithm = verify.key && isSymmetricKey(verify.key) ? 'HS256' : 'RS256';
        const data = { callee: verify.callee.text.replace(/\s+/g, ''), algorithm };
        context.report({ node: verify.callee, messageId: verify.library, data, fixes: [pinAlgorithms(file, verify, options, algorithm)] });
      },
    };
  },
});

/** `'none'` in a literal algorithms list; the fix removes it when other algorithms remain. */
function reportNone(list: SyntaxNode, report: RuleContext['report']): void {
  const items = list.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const index = items.findIndex((item) => stringValue(item)?.toLowerCase() === 'none');
  if (index < 0) return;
  const none = items[index];
  const next = items[index + 1];
  const previous = items[index - 1];
  const edit = next ? { start: none.startIndex, end: next.startIndex, text: '' } : previous ? { start: previous.endIndex, end: none.endIndex, text: '' } : undefined;
  const fixes: Fix[] = edit ? [{ title: "Remove 'none' from algorithms", edits: [edit], safe: true, preferred: true }] : [];
  report({ node: none, messageId: 'noneAllowed', fixes });
}

/** Adds `algorithms: [algorithm]`. Unsafe: a wrong guess rejects every token, so the title asks to adjust it. */
function pinAlgorithms(file: SourceFile, verify: JwtVerifyCall, options: SyntaxNode | undefined, algorithm: string): Fix {
  const value = `['${algorithm}']`;
  const edits = options ? setProperties(file.text, options, [['algorithms', value]]) : insertArgument(file.text, verify.call, verify.optionsIndex, `{ algorithms: ${value} }`);
  return { title: `Pin algorithms to ${algorithm} (adjust to your key)`, edits, safe: false, preferred: true };
}

/**
 * The algorithm the key suggests: an HMAC secret (`JWT_SECRET`, a string literal, `createSecretKey`,
 * a setting read by name such as `config.get('jwt.secret')`) verifies HS256; anything else (a
 * public key, a JWKS, a certificate) is taken for RS256.
 */
function isSymmetricKey(key: SyntaxNode): boolean {
  const node = unwrap(key);
  if (stringValue(node) !== undefined) return true;
  const names = node.type === 'identifier' || node.type === 'property_identifier' ? [node] : node.descendantsOfType(['identifier', 'property_identifier']);
  // A setting's name, not a file: `readFileSync('keys/secret-public.pem')` holds a public key.
  const settings = node.descendantsOfType('string').map((s) => (s && stringValue(s)) ?? '').filter((text) => !/\.(pem|crt|cer|key|json)$/i.test(text));
  return [...names.map((n) => n?.text ?? ''), ...settings].some((name) => nameWords(name).some((w) => w === 'secret' || w === 'hmac'));
}
