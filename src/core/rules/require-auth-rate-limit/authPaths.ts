/**
 * Route paths that check or issue credentials, as the section lists them: login, token issuance and
 * refresh, password reset, MFA verification, sign-up. Paths are read segment by segment, so
 * `/auth/login`, `/v1/sign-in`, `/password/reset` and `/users/:id/password` match while
 * `/catalog/tokens-of-appreciation`, `/devices/:id/token` (a push token) and `/cache/refresh` do not.
 */

/** Segments that are an authentication step wherever they appear (separators removed, lower case). */
const AUTH_SEGMENTS: ReadonlySet<string> = new Set([
  'login', 'signin', 'logon', 'authenticate', 'signup', 'token', 'tokens', 'otp', 'totp', 'mfa', '2fa', 'twofactor',
  'magiclink', 'passwordless', 'forgotpassword', 'resetpassword', 'passwordreset', 'changepassword', 'verifyotp',
  'refreshtoken', 'accesstoken',
]);
/** Words that make any segment an authentication step: `forgot-password`, `login-with-code`, `verify-otp`. */
const AUTH_WORDS: ReadonlySet<string> = new Set(['password', 'passwd', 'login', 'signup', 'otp', 'totp', 'mfa', '2fa']);
/** Segments that are authentication only under an auth prefix (or first): `/auth/refresh`, `/register`, `/sessions`. */
const CONTEXTUAL_SEGMENTS: ReadonlySet<string> = new Set(['refresh', 'register', 'session', 'sessions']);
const AUTH_PREFIXES: ReadonlySet<string> = new Set(['auth', 'oauth', 'oauth2', 'account', 'accounts', 'user', 'users', 'identity', 'session', 'sessions', 'token']);
/** Owners of a `token` segment that is not a credential: push tokens of devices and notifications. */
const NON_CREDENTIAL_TOKEN_OWNERS: ReadonlySet<string> = new Set(['device', 'devices', 'push', 'notification', 'notifications', 'fcm', 'apns']);
/** Prefixes that say nothing about the route: `/api/v2/login` is `/login`. */
const NEUTRAL_PREFIX = /^(?:api|rest|public|v\d+(?:\.\d+)?)$/;

/** True when the path names an authentication step. */
export function isAuthenticationPath(path: string): boolean {
  const segments = path
    .split('/')
    .filter((s) => s !== '' && !/^[:*{(]/.test(s))
    .map((s) => s.replace(/\(.*$/, ''));
  while (segments.length > 1 && NEUTRAL_PREFIX.test(segments[0].toLowerCase())) segments.shift();
  return segments.some((segment, index) => {
    const joined = segment.toLowerCase().replace(/[-_.]/g, '');
    const previous = index > 0 ? segments[index - 1].toLowerCase() : undefined;
    if (joined === 'token' || joined === 'tokens') return previous === undefined || !NON_CREDENTIAL_TOKEN_OWNERS.has(previous);
    if (AUTH_SEGMENTS.has(joined)) return true;
    if (CONTEXTUAL_SEGMENTS.has(joined)) return previous === undefined || AUTH_PREFIXES.has(previous.replace(/[-_.]/g, ''));
    return words(segment).some((word) => AUTH_WORDS.has(word));
  });
}

/** `forgot-password` → forgot, password; `signIn` → sign, in (joined as signin); `verify_otp` → verify, otp. */
function words(segment: string): string[] {
  const parts = segment.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+[a-z]*/g) ?? [];
  const lower = parts.map((p) => p.toLowerCase());
  const joined: string[] = [];
  for (let i = 0; i < lower.length; i++) {
    const pair = lower[i] + (lower[i + 1] ?? '');
    if (pair === 'signin' || pair === 'login' || pair === 'logon' || pair === 'signup') {
      joined.push(pair === 'signup' ? 'signup' : 'login');
      i++;
    } else {
      joined.push(lower[i]);
    }
  }
  return joined;
}
