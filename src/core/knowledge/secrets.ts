/**
 * What credentials look like in source code: the formats services issue keys in, the names code
 * gives to secrets and passwords, and the placeholder values that are not secrets at all. Only the
 * *content* of string literals and the *names* of identifiers are matched here; finding the
 * literals and names is the syntax tree's job.
 */

/** A credential format recognised inside a string: what it is, in words for a message. */
export interface SecretFormatMatch {
  /** `an AWS access key ID`, `a GitHub token`... */
  kind: string;
  /** The matched text, within the string's content. */
  text: string;
  /** The environment variable such a credential is conventionally read from: `GITHUB_TOKEN`. */
  variable?: string;
}

interface SecretFormat {
  kind: string;
  variable?: string;
  /** Every match contains this; checked with `includes` before the pattern runs. */
  marker: string;
  pattern: RegExp;
  /** Extra test on the match (entropy, placeholders in parts of it). */
  accept?: (match: RegExpExecArray) => boolean;
}

const HAS_UPPER = /[A-Z]/;
const HAS_LOWER = /[a-z]/;
const HAS_DIGIT = /\d/;
const mixedCase = (text: string) => HAS_UPPER.test(text) && HAS_LOWER.test(text) && HAS_DIGIT.test(text);

/** Hosts whose credentials are local development defaults (a database in docker-compose), not secrets. */
const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '0.0.0.0', '::1', '[::1]', 'host.docker.internal']);
/** Passwords that ship as defaults of database images and tutorials. */
const DEFAULT_PASSWORDS: ReadonlySet<string> = new Set(['postgres', 'root', 'admin', 'guest', 'mysql', 'redis', 'mongo', 'user', 'dev', 'local', 'pass']);

const SECRET_FORMATS: readonly SecretFormat[] = [
  { kind: 'an AWS access key ID', variable: 'AWS_ACCESS_KEY_ID', marker: 'AKIA', pattern: /(?<![A-Z0-9])AKIA[0-9A-Z]{16}(?![A-Z0-9])/ },
  { kind: 'an AWS temporary access key ID', variable: 'AWS_ACCESS_KEY_ID', marker: 'ASIA', pattern: /(?<![A-Z0-9])ASIA[0-9A-Z]{16}(?![A-Z0-9])/ },
  { kind: 'a GitHub token', variable: 'GITHUB_TOKEN', marker: 'gh', pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])/ },
  { kind: 'a GitHub fine-grained token', variable: 'GITHUB_TOKEN', marker: 'github_pat_', pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{50,}/ },
  { kind: 'a Slack token', variable: 'SLACK_TOKEN', marker: 'xox', pattern: /(?<![A-Za-z0-9])xox[baprs]-\d{6,}-[A-Za-z0-9-]{8,}/ },
  { kind: 'a Slack webhook URL', variable: 'SLACK_WEBHOOK_URL', marker: 'hooks.slack.com', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/ },
  { kind: 'a Stripe live key', variable: 'STRIPE_SECRET_KEY', marker: '_live_', pattern: /(?<![A-Za-z0-9])[sr]k_live_[A-Za-z0-9]{20,}/ },
  { kind: 'a Stripe webhook signing secret', variable: 'STRIPE_WEBHOOK_SECRET', marker: 'whsec_', pattern: /(?<![A-Za-z0-9])whsec_[A-Za-z0-9+/=]{32,}/ },
  { kind: 'an Anthropic API key', variable: 'ANTHROPIC_API_KEY', marker: 'sk-ant-', pattern: /(?<![A-Za-z0-9])sk-ant-[a-z]+\d*-[A-Za-z0-9_-]{80,}/ },
  {
    kind: 'an OpenAI API key',
    variable: 'OPENAI_API_KEY',
    marker: 'sk-',
    pattern: /(?<![A-Za-z0-9])sk-(?!ant-)(?:(?:proj|svcacct|admin)-)?([A-Za-z0-9_-]{40,})(?![A-Za-z0-9_-])/,
    accept: (m) => mixedCase(m[1]),
  },
  { kind: 'a Google API key', variable: 'GOOGLE_API_KEY', marker: 'AIza', pattern: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/ },
  {
    kind: 'a private key',
    marker: 'PRIVATE KEY-----',
    // The header alone is how code recognises PEM text; a key has its base64 body after it.
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:\\[rn]|\s)*(?:[A-Za-z-]+: [^\\\n]*(?:\\[rn]|\s)+)*[A-Za-z0-9+/]{40}/,
  },
  {
    kind: 'a signed JWT',
    marker: 'eyJ',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/,
  },
  {
    kind: 'a connection string with a password',
    variable: 'DATABASE_URL',
    marker: '://',
    pattern: /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/([^:@/\s'"`]+):([^@/\s'"`]+)@([^/\s:?#'"`]+)/i,
    accept: (m) => {
      const [, user, password, host] = m;
      if (LOCAL_HOSTS.has(host.toLowerCase()) || password === user || password.length < 8) return false;
      return !DEFAULT_PASSWORDS.has(password.toLowerCase()) && !isPlaceholder(password);
    },
  },
];

/** The first credential format found in a string's content, or undefined. Placeholders (`AKIA...EXAMPLE`) are not matches. */
export function findSecretFormat(content: string): SecretFormatMatch | undefined {
  for (const format of SECRET_FORMATS) {
    if (!content.includes(format.marker)) continue;
    const match = format.pattern.exec(content);
    if (!match || isPlaceholder(match[0], 'format')) continue;
    if (format.accept && !format.accept(match)) continue;
    return { kind: format.kind, text: match[0], variable: format.variable };
  }
  return undefined;
}

/** Lower-case words of an identifier, property key or header name: `clientSecret`, `DB_PASSWORD`, `X-API-Key`. */
export function nameWords(name: string): string[] {
  return (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []).map((word) => word.toLowerCase());
}

/** Last words that name a secret by themselves: `password`, `jwtSecret`, `GITHUB_TOKEN`, `apikey`. */
const SECRET_NOUNS: ReadonlySet<string> = new Set([
  'password', 'passwd', 'passphrase', 'secret', 'token',
  'apikey', 'privatekey', 'secretkey', 'accesskey', 'clientsecret', 'accesstoken', 'authtoken', 'refreshtoken',
]);
/** Two last words that name a secret: `apiKey`, `SIGNING_KEY`, `AWS_SECRET_ACCESS_KEY`. */
const SECRET_KEY_PAIRS: ReadonlySet<string> = new Set([
  'apikey', 'privatekey', 'secretkey', 'accesskey', 'signingkey', 'encryptionkey', 'hmackey', 'masterkey', 'authkey',
]);
/** Tokens that grant nothing: paging cursors, cancellation, CSRF values, push-notification addresses. */
const HARMLESS_TOKEN_KINDS: ReadonlySet<string> = new Set([
  'page', 'next', 'cancel', 'continuation', 'pagination', 'sync', 'csrf', 'xsrf', 'push', 'device', 'fcm', 'apns',
]);

/**
 * True when a variable or property name says it holds a secret. The last words decide, so
 * `TOKEN_HEADER`, `passwordHash`, `secretArn` and `tokenUrl` name something else, and
 * `publicKey` is not a secret at all.
 */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  const previous = words[words.length - 2];
  if (last === 'token' && previous !== undefined && HARMLESS_TOKEN_KINDS.has(previous)) return false;
  if (SECRET_NOUNS.has(last)) return true;
  if (previous !== undefined && SECRET_KEY_PAIRS.has(previous + last)) return true;
  return last === 'pass' && words.length >= 2; // DB_PASS, smtpPass
}

const PASSWORD_WORDS: ReadonlySet<string> = new Set(['password', 'passwd', 'pwd', 'passphrase']);
/** Words after `password` that still name the password itself: `passwordPlain`, `password_input`. */
const PASSWORD_FORMS: ReadonlySet<string> = new Set(['plain', 'plaintext', 'raw', 'input', 'text', 'str', 'string', 'value', 'candidate', 'attempt']);

/** True when a name denotes a password as typed by a user: `password`, `newPassword`, `user.pwd`, `passwordPlain`; not `passwordHash` or `passwordResetToken`. */
export function isPasswordName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (PASSWORD_WORDS.has(last)) return true;
  const previous = words[words.length - 2];
  return previous !== undefined && PASSWORD_WORDS.has(previous) && PASSWORD_FORMS.has(last);
}

/** True when a name denotes the stored form of a password: `passwordHash`, `hashedPassword`, `password_digest`. */
export function isPasswordHashName(name: string): boolean {
  const words = nameWords(name);
  if (!words.some((word) => PASSWORD_WORDS.has(word))) return false;
  const last = words[words.length - 1];
  return last === 'hash' || last === 'digest' || (words[0] === 'hashed' && last !== undefined && PASSWORD_WORDS.has(last));
}

/** Parts of values that mark an example or a value to fill in. */
const PLACEHOLDER_PARTS: readonly string[] = [
  'example', 'dummy', 'placeholder', 'changeme', 'change-me', 'change_me', 'changeit', 'your', 'xxx', 'redacted',
  'sample', 'fake', 'test', 'mock', 'todo', 'fixme', 'replace', 'insert', 'lorem', '${', '{{', '***', '...',
];
/** Whole values that name the field instead of filling it. */
const PLACEHOLDER_VALUES: ReadonlySet<string> = new Set(['password', 'secret', 'token', 'apikey', 'api_key', 'none', 'null', 'undefined', 'default']);
/** Format matches are random strings: only the unmistakable placeholder parts apply to them. */
const FORMAT_PLACEHOLDER_PARTS: readonly string[] = ['example', 'xxxx', 'XXXX', 'dummy', 'fake', 'sample', 'your', '${', '<'];

/** True for values that stand in for a secret: `''`, `changeme`, `<token>`, `your-api-key`, `xxxxxxxx`, `AKIA...EXAMPLE`. */
export function isPlaceholder(value: string, mode: 'value' | 'format' = 'value'): boolean {
  if (mode === 'format') {
    const lower = value.toLowerCase();
    return FORMAT_PLACEHOLDER_PARTS.some((part) => lower.includes(part.toLowerCase()));
  }
  const lower = value.trim().toLowerCase();
  if (lower === '' || PLACEHOLDER_VALUES.has(lower) || /^(.)\1*$/s.test(lower)) return true;
  if (lower.includes('<') && lower.includes('>')) return true;
  return PLACEHOLDER_PARTS.some((part) => lower.includes(part));
}

/** Identifier-like values: header names, storage keys, enum-style names (`Authorization`, `x-api-key`, `auth_token`). */
const IDENTIFIER_LIKE = /^[A-Za-z]+(?:[-_.:/][A-Za-z]+)*$/;
/** Locations are not secrets (a connection string with a password is found by its format). */
const LOCATION_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|\.{0,2}\/)/i;
/** Keys that are public by design: Stripe publishable keys go to browsers. */
const PUBLIC_KEY_LIKE = /^pk_(?:live|test)_/;
/** Stored password hashes (bcrypt, argon2, scrypt, PBKDF2 in PHC format): the output of hashing, not the password. */
const PASSWORD_HASH_LIKE = /^\$(?:2[abxy]?|argon2(?:id|i|d)|scrypt|pbkdf2[-\w]*)\$/;

/**
 * True when a literal assigned to a secret-named variable looks like a real secret: at least 8
 * characters, no spaces (a message), not a placeholder, not a name, a location, a password hash or a
 * publishable key, and some entropy: two character classes (lower, upper, digit, symbol) and 12
 * characters, or three classes.
 */
export function looksLikeSecretValue(value: string): boolean {
  if (value.length < 8 || /\s/.test(value) || isPlaceholder(value)) return false;
  if (IDENTIFIER_LIKE.test(value) || LOCATION_LIKE.test(value) || PASSWORD_HASH_LIKE.test(value) || PUBLIC_KEY_LIKE.test(value)) return false;
  const classes = [HAS_LOWER, HAS_UPPER, HAS_DIGIT, /[^A-Za-z0-9]/].filter((c) => c.test(value)).length;
  return classes >= 3 || (classes === 2 && value.length >= 12);
}

/** Library parameters that take a secret key: a literal there is a hard-coded key, whatever it looks like. */
export interface SecretParameter {
  module: string;
  /** The export called, `''` for the module itself (`cookieParser(secret)`). */
  path: string;
  index: number;
  /** The environment variable the key is conventionally read from. */
  variable: string;
}

export const SECRET_PARAMETERS: readonly SecretParameter[] = [
  { module: 'jsonwebtoken', path: 'sign', index: 1, variable: 'JWT_SECRET' },
  { module: 'jsonwebtoken', path: 'verify', index: 1, variable: 'JWT_SECRET' },
  { module: 'crypto', path: 'createHmac', index: 1, variable: 'HMAC_KEY' },
  { module: 'cookie-parser', path: '', index: 0, variable: 'COOKIE_SECRET' },
];

/** `JWT_SECRET` from `jwtSecret`, `X_API_KEY` from `X-API-Key`: the environment variable a secret would be read from. */
export function environmentName(...names: string[]): string {
  return names.flatMap(nameWords).join('_').toUpperCase();
}
