import { assignedNameOf } from '../../knowledge/assignedNames';
import {
  algorithmLabel, calleeName, digestOf, PBKDF2_MINIMUM_ITERATIONS, recogniseDigestCall, recognisePbkdf2Call, type DigestCall,
} from '../../knowledge/nodeCrypto';
import { originModule } from '../../knowledge/modules';
import { isPasswordHashName, isPasswordName, nameWords } from '../../knowledge/secrets';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, closestAncestor, FUNCTION_TYPES } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import { defineRule, JS_FAMILY, type RuleContext } from '../rule';

const NAME_TYPES: readonly string[] = ['identifier', 'property_identifier', 'shorthand_property_identifier'];
/** Wrappers a digest chain passes through on its way to the name it is stored under. */
const CHAIN_PARENTS: ReadonlySet<string> = new Set(['member_expression', 'call_expression', 'await_expression', 'parenthesized_expression', 'as_expression', 'non_null_expression']);

/** Function names that say the function hashes or checks a password: `hashPassword`, `verify_password`. */
const PASSWORD_WORDS: ReadonlySet<string> = new Set(['password', 'passwd', 'pwd']);
const HASHING_VERBS: ReadonlySet<string> = new Set(['hash', 'hashed', 'encrypt', 'encode', 'digest', 'verify', 'check', 'compare', 'store']);
/** `hashPasswordResetToken` hashes a random token, which a fast hash is right for. */
const NOT_THE_PASSWORD: ReadonlySet<string> = new Set(['token', 'reset', 'code']);

export default defineRule({
  meta: {
    id: 'require-password-hashing',
    description: 'Passwords are stored with argon2id, scrypt or bcrypt, never with a fast general-purpose hash.',
    messages: {
      fastHash: '{{algorithm}} is a fast general-purpose hash, salted or not: one GPU computes billions per second, so a leaked table of these password hashes falls to offline guessing. Hash passwords with argon2id, scrypt or bcrypt.',
      weakKeyDerivation: 'PBKDF2 with {{iterations}} iterations of {{digest}} is far below the {{minimum}} OWASP asks for, so leaked hashes are cheap to guess. Prefer argon2id, scrypt or bcrypt; keep PBKDF2 only where FIPS-140 requires it, with at least {{minimum}} iterations.',
    },
    defaultSeverity: 'error',
    section: { instruction: 'secure-backend', heading: 'Password hashing' },
    fixable: false,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    if (!file.text.includes('crypto')) return {};
    const reported = new Set<number>();
    const report = (digest: DigestCall) => {
      if (reported.has(digest.call.id)) return;
      reported.add(digest.call.id);
      const label = digest.algorithm ? algorithmLabel(digest.algorithm) : `${digest.callee.text}(…)`;
      const algorithm = digest.factory === 'createHmac' && digest.algorithm ? `HMAC-${label}` : label;
      context.report({ node: digest.callee, messageId: 'fastHash', data: { algorithm } });
    };

    return {
      call_expression(call) {
        switch (calleeName(call)) {
          case 'update': {
            // `<digest>.update(password)`: the digest is a chain root or a variable holding one.
            const callee = calleeOf(call);
            const object = callee?.type === 'member_expression' ? callee.childForFieldName('object') : null;
            const [data] = argumentsOf(call);
            if (!object || !data || !(mentionsPassword(data) || passesPasswordParameter(data)) || isPreHash(file, call, data)) return;
            const digest = digestOf(file, object);
            if (digest) report(digest);
            return;
          }
          case 'createHash':
          case 'createHmac': {
            // `const passwordHash = createHash('sha256').update(x).digest('hex')`: the name says what it is.
            const digest = recogniseDigestCall(file, call);
            const stored = digest && assignedNameOf(chainTop(call));
            if (digest && stored && isPasswordHashName(stored.name)) report(digest);
            return;
          }
          case 'pbkdf2':
          case 'pbkdf2Sync':
            checkPbkdf2(file, call, context.report);
            return;
          default:
            return;
        }
      },
    };
  },
});

/** True when an expression reads a password by name: `password`, `salt + user.password`, `Buffer.from(newPassword)`. */
function mentionsPassword(expression: SyntaxNode): boolean {
  if (NAME_TYPES.includes(expression.type)) return isPasswordName(expression.text);
  return expression.descendantsOfType(NAME_TYPES as string[]).some((name) => {
    if (!name || !isPasswordName(name.text)) return false;
    // A callback inside the data (`items.map((password) => ...)`) is not what gets hashed.
    const fn = closestAncestor(name, FUNCTION_TYPES);
    return fn === null || fn.startIndex < expression.startIndex;
  });
}

/**
 * Inside a function named for hashing or checking passwords (`hashPassword(pw)`, `verifyPassword`),
 * data that reads one of its parameters is the password, whatever the parameter is called.
 */
function passesPasswordParameter(data: SyntaxNode): boolean {
  const fn = closestAncestor(data, FUNCTION_TYPES);
  const name = fn && functionName(fn);
  if (!fn || !name) return false;
  const words = nameWords(name);
  const aboutPasswords = words.some((w) => PASSWORD_WORDS.has(w)) && words.some((w) => HASHING_VERBS.has(w));
  if (!aboutPasswords || words.some((w) => NOT_THE_PASSWORD.has(w))) return false;
  const parameters = new Set((fn.childForFieldName('parameters')?.descendantsOfType('identifier') ?? []).map((p) => p?.text));
  const single = fn.childForFieldName('parameter');
  if (single) parameters.add(single.text);
  const names = data.type === 'identifier' ? [data] : data.descendantsOfType('identifier');
  return names.some((n) => n !== null && parameters.has(n.text));
}

/** The name a function is known by: its own, or the variable or property it is assigned to. */
function functionName(fn: SyntaxNode): string | undefined {
  const own = fn.childForFieldName('name');
  if (own) return own.text;
  return assignedNameOf(fn)?.name;
}

/** Libraries that hash passwords slowly: a digest handed to one of them is a pre-hash. */
const SLOW_HASH_MODULES: ReadonlySet<string> = new Set(['bcrypt', 'bcryptjs', 'argon2', '@node-rs/argon2', '@node-rs/bcrypt']);

/**
 * A fast digest taken before the slow hash, to get past bcrypt's 72-byte limit: assigned back to the
 * password variable it read (`password = createHash('sha512').update(password).digest('hex')`,
 * which the code goes on to treat as the password), or passed straight to bcrypt or argon2.
 */
function isPreHash(file: SourceFile, update: SyntaxNode, data: SyntaxNode): boolean {
  const top = chainTop(update);
  const parent = top.parent;
  if (parent?.type === 'assignment_expression' && parent.childForFieldName('right')?.id === top.id) {
    const left = parent.childForFieldName('left');
    return data.type === 'identifier' && left?.type === 'identifier' && left.text === data.text;
  }
  const call = parent?.type === 'arguments' ? parent.parent : null;
  const callee = call ? calleeOf(call) : null;
  const origin = callee ? originModule(file.resolver.valueOf(callee)) : undefined;
  return origin !== undefined && SLOW_HASH_MODULES.has(origin);
}

/** The whole `createHash(...).update(...).digest(...)` expression a digest call starts, awaited or not. */
function chainTop(call: SyntaxNode): SyntaxNode {
  let node = call;
  for (let parent = node.parent; parent && CHAIN_PARENTS.has(parent.type); parent = parent.parent) {
    const continues = parent.type !== 'call_expression' || parent.childForFieldName('function')?.id === node.id;
    if (!continues) break;
    node = parent;
  }
  return node;
}

/** PBKDF2 of a password with fewer iterations than OWASP's minimum for its digest; unknown counts and digests are left alone. */
function checkPbkdf2(file: SourceFile, call: SyntaxNode, report: RuleContext['report']): void {
  const pbkdf2 = recognisePbkdf2Call(file, call);
  if (!pbkdf2 || pbkdf2.iterations === undefined || pbkdf2.digest === undefined) return;
  const minimum = PBKDF2_MINIMUM_ITERATIONS[pbkdf2.digest];
  if (minimum === undefined || pbkdf2.iterations >= minimum) return;
  const stored = assignedNameOf(chainTop(call));
  const forPasswords = (pbkdf2.password && (mentionsPassword(pbkdf2.password) || passesPasswordParameter(pbkdf2.password))) || (stored && isPasswordHashName(stored.name));
  if (!forPasswords) return;
  const format = (n: number) => n.toLocaleString('en-US');
  report({
    node: pbkdf2.callee,
    messageId: 'weakKeyDerivation',
    data: { iterations: format(pbkdf2.iterations), digest: algorithmLabel(pbkdf2.digest), minimum: format(minimum) },
  });
}
