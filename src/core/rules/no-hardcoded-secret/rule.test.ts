import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/config.js';

/**
 * Credential-shaped values are assembled at run time, so that secret scanners (GitHub push
 * protection, gitleaks) do not flag this repository for its own test data. None of them is real.
 */
const fake = (...parts: string[]) => parts.join('');
const AWS_KEY_ID = fake('AKIA', 'Q3ZB7K2M9XW4TPLD');
const GITHUB_TOKEN = fake('gh', 'p_', 'a8Kd02LmQz7Rt5Wx9Yb3Nc6Vf1Hj4Gs0Pe2U');
const GITHUB_PAT = fake('github', '_pat_', '11ABCDEFG0', 'x9Lm2Qr7Tz4Wb8Yc1Vd5Nf3Hj6Gk0Ps_', 'Ae3Ri7Uo1Ky5Lb9Mc2Nd6Pf0Qg4Rh8Sj2Tk6Ul0Vm4Wn8X');
const SLACK_TOKEN = fake('xo', 'xb-', '2048104882-5521930467', '-Vq3Zr8Lp1Xm6Tn0Ws4Yk9Bd');
const STRIPE_KEY = fake('sk', '_live_', '51Hq2kLmZx8Rt4Wp', '0Yb7Nc3Vf6Jd9Gs2Qe5Ua');
const OPENAI_KEY = fake('sk', '-proj-', 'Rk4Tq8Zm1Xw5Yb9Nc2Vf6Hj0Gs3Pe7Ua1Ld5Km9Qx3Wz');
const GOOGLE_KEY = fake('AI', 'za', 'SyD4k9Lm2Qr7Tz4Wb8Yc1Vd5Nf3Hj6Gk0Pq');
const PRIVATE_KEY_HEADER = fake('-----BEGIN ', 'RSA PRIVATE', ' KEY-----');
const PRIVATE_KEY_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun';
const JWT = fake('eyJ', 'hbGciOiJIUzI1NiJ9', '.', 'eyJ', 'zdWIiOiJzdmMtYmlsbGluZyJ9', '.', 'N3m8Kp2Qr6Tx0Wz4Yb9Vc1Hd5Jf7Lg3');

/** What the preferred fix inserts after the imports when the file has no helper of its own. */
const TS_HELPER = `/** The value of a required environment variable; throws at startup when it is missing. */
function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`Missing required environment variable \${name}\`);
  return value;
}
`;
const JS_HELPER = TS_HELPER.replace('(name: string): string', '(name)');

runRuleTests(rule, {
  valid: [
    {
      name: 'a local development server (server-dev.ts) with a fixed admin token',
      filename: '/project/src/server-dev.ts',
      code: `export const devConfig = { adminToken: 'dev-admin-7f3k9q2m4x8z' };`,
    },
    {
      name: 'a sample token in the example of an OpenAPI schema',
      code: `export const inviteTokenSchema = {
  type: 'object',
  properties: { secret: { type: 'string' } },
  example: { secret: '5e0c9a7d4b2f4e81a6c3d9f0b7e2a14c', name: 'Invite viewers' },
  examples: [{ token: 'b9d4e2f7a1c84d3e9f6a0b5c7d2e8f41' }],
} as const;`,
    },
    { name: 'secrets read from the environment', code: `export const config = { jwtSecret: requiredEnv('JWT_SECRET'), apiKey: process.env.API_KEY };` },
    { name: 'an empty fallback is not a credential', code: `const token = process.env.GITHUB_TOKEN ?? '';` },
    { name: 'a fallback for a variable that is not a secret', code: `const port = process.env.PORT ?? '3000';\nconst region = process.env.AWS_REGION || 'eu-west-1';` },
    { name: 'placeholders: changeme, your-api-key, <token>, xxx, example', code: `
const password = 'changeme';
const apiKey = 'your-api-key-here';
const token = '<token>';
const clientSecret = 'xxxxxxxxxxxxxxxx';
const secret = 'example-secret-123';
const accessToken = '\${ACCESS_TOKEN}';` },
    { name: 'the AWS documentation example key', code: `const accessKeyId = '${fake('AKIA', 'IOSFODNN7', 'EXAMPLE')}';` },
    { name: 'a header name in a constant named like a token', code: `export const TOKEN_HEADER = 'Authorization';\nexport const API_KEY_HEADER = 'x-api-key';` },
    { name: 'a storage key, an identifier-like value', code: `const AUTH_TOKEN = 'auth_token';\nlocalStorage.setItem(AUTH_TOKEN, value);` },
    { name: 'names that are not secrets: a hash, an ARN, a URL, a public key', code: `
const passwordHash = '$2b$12$Qz1fGmR8yJ3kLd0Vw6XbeuE7sT2nH4cA9pLq5rMx1yZ0oK8iW3vUe';
const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-creds-Ab12Cd';
const tokenUrl = 'https://auth.example.com/oauth/token';
const publicKey = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE4k9Lm2Qr7Tz4Wb8Yc1Vd5Nf3Hj6';` },
    { name: 'a message with spaces in a password-named property', code: `const messages = { password: 'Password must have 12 characters', token: 'Your session has expired' };` },
    { name: 'short values and all-same characters', code: `const secret = 'ab12!';\nconst pin = '0000';\nconst password = '********';` },
    { name: 'a literal type in a type position', code: `type Credentials = { token: 'sk8Hq2kLmZx8Rt4Wp0Yb7Nc3' };\ninterface Auth { password: 'x9Lm2Qr7Tz4Wb8Yc1Vd5' }` },
    { name: 'an enum member is a name, not a stored secret', code: `enum Field { PASSWORD = 'Pa55word_field_Id1' }` },
    { name: 'a PEM header without a key body (code that recognises PEM text)', code: `export const isPrivateKey = (pem: string) => pem.startsWith('${PRIVATE_KEY_HEADER}');` },
    { name: 'test files hold fakes on purpose', filename: '/project/src/redact.test.ts', code: `expect(redact('${GITHUB_TOKEN}')).toBe('[redacted]');\nconst password = 'Sup3r-S3cret!';` },
    { name: 'a __tests__ folder', filename: '/project/src/__tests__/fixtures.js', code: `module.exports = { apiKey: '${STRIPE_KEY}' };` },
    { name: 'a local docker-compose connection string', code: `const url = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/orders';` },
    { name: 'a connection string built from the environment', code: 'const url = `postgres://${user}:${password}@db.internal:5432/orders`;' },
    { name: 'a Stripe publishable key is public by design', code: `export const stripeConfig = { apiKey: 'pk_live_51Hq2kLmZx8Rt4Wp0Yb7Nc3Vf6' };` },
    { name: 'a paging token is not a credential', code: `const nextPageToken = 'CAESBggDEAEYAQ==9x';` },
    { name: 'string concatenation: the parts are not the secret', code: `const authHeader = 'Bearer ' + token;\nconst secret = prefix + 'Zq81!xLm';` },
    { name: 'a password-named variable holding a bcrypt hash', code: `const ADMIN_PASSWORD = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$Zq81xLm0pQ3';` },
    {
      name: 'keys passed by name, and literals in parameters that are not keys',
      code: `import jwt from 'jsonwebtoken';\nimport { createHash, createHmac } from 'node:crypto';\njwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: 'billing-2024-01' });\ncreateHash('sha256');\ncreateHmac('sha256', webhookKey);`,
    },
    { name: 'a local sign function is not jsonwebtoken', code: `import 'jsonwebtoken';\nconst sign = (c: object, k: string) => JSON.stringify(c) + k;\nsign(claims, 'not-a-key');` },
    { name: 'a parameter named process is not the environment', code: `export const secretOf = (process: { env: Record<string, string> }) => process.env.JWT_SECRET ?? 'dev-secret';` },
    { name: 'JavaScript: environment reads and placeholders', filename: JS, code: `module.exports = { dbPassword: process.env.DB_PASSWORD, sessionSecret: 'replace-me-in-production' };` },
  ],
  invalid: [
    {
      name: 'a secret next to, not inside, an example',
      code: `export const oauthApp = {
  example: { clientSecret: 'not-a-real-one-0000' },
  clientSecret: 'f3a9c1d2e4b5a69788-12aabbcc',
};`,
      errors: [{ messageId: 'namedSecret', line: 3, text: "'f3a9c1d2e4b5a69788-12aabbcc'" }],
      output: `${TS_HELPER}
export const oauthApp = {
  example: { clientSecret: 'not-a-real-one-0000' },
  clientSecret: requiredEnv('OAUTH_APP_CLIENT_SECRET'),
};`,
    },
    {
      name: 'a GitHub token anywhere (a call argument)',
      code: `const octokit = new Octokit({ auth: '${GITHUB_TOKEN}' });`,
      errors: [{ messageId: 'knownFormat', text: `'${GITHUB_TOKEN}'` }],
      output: `${TS_HELPER}
const octokit = new Octokit({ auth: requiredEnv('GITHUB_TOKEN') });`,
    },
    {
      name: 'an AWS access key id inside a larger string: no fix',
      code: `console.log('using key ${AWS_KEY_ID} for uploads');`,
      errors: [{ messageId: 'knownFormat' }],
      output: null,
    },
    {
      name: 'a fine-grained GitHub token in a template literal with substitutions',
      code: 'const headers = { Authorization: `token ' + GITHUB_PAT + '`, "X-Request-Id": `${id}` };\nconst url = `https://api.github.com/repos/${repo}?t=' + GITHUB_PAT + '`;',
      errors: [{ messageId: 'knownFormat', line: 1 }, { messageId: 'knownFormat', line: 2 }],
      output: null,
    },
    {
      name: 'a Slack token passed to a client',
      code: `const slack = new WebClient('${SLACK_TOKEN}');`,
      errors: [{ messageId: 'knownFormat' }],
      output: null,
    },
    {
      name: 'a Stripe live key in a constant: the fix reads it from the environment',
      code: `import Stripe from 'stripe';\nconst STRIPE_KEY = '${STRIPE_KEY}';\nexport const stripe = new Stripe(STRIPE_KEY);`,
      errors: [{ messageId: 'knownFormat', line: 2 }],
      output: `import Stripe from 'stripe';

${TS_HELPER}
const STRIPE_KEY = requiredEnv('STRIPE_SECRET_KEY');
export const stripe = new Stripe(STRIPE_KEY);`,
    },
    {
      name: 'an OpenAI key as a fallback: the format wins over the fallback message',
      code: `const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? '${OPENAI_KEY}' });`,
      errors: [{ messageId: 'knownFormat' }],
      output: null,
    },
    {
      name: 'a Google API key in a URL',
      code: `const url = 'https://maps.googleapis.com/maps/api/geocode/json?key=${GOOGLE_KEY}';`,
      errors: [{ messageId: 'knownFormat' }],
      output: null,
    },
    {
      name: 'a private key in a multi-line template literal',
      code: 'const signingKey = `' + PRIVATE_KEY_HEADER + '\n' + PRIVATE_KEY_BODY + '\n' + fake('-----END ', 'RSA PRIVATE', ' KEY-----') + '`;',
      errors: [{ messageId: 'knownFormat' }],
      output: null,
    },
    {
      name: 'a signed JWT used as a service token',
      code: `await fetch(url, { headers: { Authorization: 'Bearer ${JWT}' } });`,
      errors: [{ messageId: 'knownFormat' }],
      output: null,
    },
    {
      name: 'a production connection string with a password',
      code: `const pool = new Pool({ connectionString: 'postgres://orders:Xk29fLq81mZp@orders-db.internal:5432/orders' });`,
      errors: [{ messageId: 'knownFormat' }],
      output: `${TS_HELPER}
const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL') });`,
    },
    {
      name: 'the section: process.env.JWT_SECRET ?? a literal',
      code: `export const JWT_SECRET = process.env.JWT_SECRET ?? 'dev-secret';`,
      errors: [{ messageId: 'envFallback', text: `'dev-secret'` }],
      output: `${TS_HELPER}\nexport const JWT_SECRET = requiredEnv('JWT_SECRET');`,
    },
    {
      name: "the section: || 'changeme' is a finding even though it is a placeholder",
      code: `function mustEnv(key: string) {\n  if (!process.env[key]) throw new Error(key);\n  return process.env[key];\n}\nconst secret = process.env['SESSION_SECRET'] || 'changeme';`,
      errors: [{ messageId: 'envFallback', line: 5 }],
      output: `function mustEnv(key: string) {\n  if (!process.env[key]) throw new Error(key);\n  return process.env[key];\n}\nconst secret = mustEnv('SESSION_SECRET');`,
    },
    {
      name: 'a fallback through an alias of process.env, into a secret-named property',
      code: `import { env } from 'node:process';\nexport const config = { clientSecret: env.OAUTH_CLIENT || 'abc' };`,
      errors: [{ messageId: 'envFallback', line: 2 }],
      output: `import { env } from 'node:process';\n\n${TS_HELPER}\nexport const config = { clientSecret: requiredEnv('OAUTH_CLIENT') };`,
    },
    {
      name: 'an alias of process.env held in a variable',
      filename: JS,
      code: `const env = process.env;\nconst token = env.API_TOKEN ?? 'local';`,
      errors: [{ messageId: 'envFallback', line: 2, text: "'local'" }],
      output: `${JS_HELPER}\nconst env = process.env;\nconst token = requiredEnv('API_TOKEN');`,
    },
    {
      name: 'a destructuring default from process.env',
      filename: JS,
      code: `const { JWT_SECRET = 'local-jwt-secret', PORT = '3000' } = process.env;`,
      errors: [{ messageId: 'envFallback', text: `'local-jwt-secret'` }],
      output: null,
    },
    {
      name: 'a literal key passed to jwt.sign, however short or plain',
      code: `import jwt from 'jsonwebtoken';\nexport const issue = (claims: object) => jwt.sign(claims, 'secret', { expiresIn: '15m' });`,
      errors: [{ messageId: 'namedSecret', text: "'secret'" }],
      output: `import jwt from 'jsonwebtoken';\n\n${TS_HELPER}\nexport const issue = (claims: object) => jwt.sign(claims, requiredEnv('JWT_SECRET'), { expiresIn: '15m' });`,
    },
    {
      name: 'HMAC and cookie-parser keys in JavaScript',
      filename: JS,
      code: `const crypto = require('node:crypto');\nconst cookieParser = require('cookie-parser');\napp.use(cookieParser('keyboard cat'));\nconst sign = (body) => crypto.createHmac('sha256', 'wh-key').update(body).digest('hex');`,
      errors: [{ messageId: 'namedSecret', line: 3 }, { messageId: 'namedSecret', line: 4 }],
      output: `const crypto = require('node:crypto');\nconst cookieParser = require('cookie-parser');\n\n${JS_HELPER}\napp.use(cookieParser(requiredEnv('COOKIE_SECRET')));\nconst sign = (body) => crypto.createHmac('sha256', requiredEnv('HMAC_KEY')).update(body).digest('hex');`,
    },
    {
      name: 'a secret-named variable with a literal: the fix reads the environment',
      code: `const jwtSecret = 's3cr3t-Jwt-K3y!';\nexport const sign = (claims: object) => jwt.sign(claims, jwtSecret);`,
      errors: [{ messageId: 'namedSecret', text: `'s3cr3t-Jwt-K3y!'` }],
      output: `${TS_HELPER}
const jwtSecret = requiredEnv('JWT_SECRET');
export const sign = (claims: object) => jwt.sign(claims, jwtSecret);`,
    },
    {
      name: 'properties: the owner names the variable; headers are too generic to',
      code: `import Redis from 'ioredis';

export const redis = { host: 'cache.internal', password: 'r3d1s-Pr0d-2024' };
export const headers = { 'X-API-Key': 'k8Hq2kLmZx8Rt4Wp0Yb7' };`,
      errors: [{ messageId: 'namedSecret', line: 3 }, { messageId: 'namedSecret', line: 4 }],
      output: `import Redis from 'ioredis';

${TS_HELPER}
export const redis = { host: 'cache.internal', password: requiredEnv('REDIS_PASSWORD') };
export const headers = { 'X-API-Key': requiredEnv('X_API_KEY') };`,
    },
    {
      name: 'the file already has requiredEnv: the fix only calls it',
      code: `import { requiredEnv } from './env';\nexport const DB_PASSWORD = 'Orders#2024-prod';`,
      errors: [{ messageId: 'namedSecret' }],
      output: `import { requiredEnv } from './env';\nexport const DB_PASSWORD = requiredEnv('DB_PASSWORD');`,
    },
    {
      name: 'an assignment to a member and a class field (JavaScript helper has no types)',
      filename: JS,
      code: `class Mailer {\n  smtpPass = 'M4il-Relay-9921';\n}\nconfig.apiToken = 'tk_9f8e7d6c5b4a3f2e1d';`,
      errors: [{ messageId: 'namedSecret', line: 2 }, { messageId: 'namedSecret', line: 4 }],
      output: `${JS_HELPER}
class Mailer {\n  smtpPass = requiredEnv('SMTP_PASS');\n}\nconfig.apiToken = requiredEnv('API_TOKEN');`,
    },
    {
      name: 'a default parameter value: reported, no fix (the caller may pass one)',
      code: `export function connect(host: string, password = 'Pg-0rders-2024!') {\n  return new Client({ host, password });\n}`,
      errors: [{ messageId: 'namedSecret', line: 1 }],
      output: null,
    },
    {
      name: 'a value cast with as const, and a privately named field',
      code: `class Billing {\n  private readonly webhookSecret = 'whsec_9Fk2Lq8Zx1Mv4Tr7' as const;\n}`,
      errors: [{ messageId: 'namedSecret', text: `'whsec_9Fk2Lq8Zx1Mv4Tr7'` }],
      output: `${TS_HELPER}
class Billing {\n  private readonly webhookSecret = requiredEnv('WEBHOOK_SECRET');\n}`,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'config.ts': {
    findings: [
      [20, 'envFallback', "'dev-secret'"],
      [24, 'namedSecret', "'lgr_4Fq9Zx2Mv7Tr1Kp8'"],
      [34, 'namedSecret', "'Exp0rt!Nightly#2024'"],
    ],
  },
  'mailer.js': {
    findings: [
      [7, 'envFallback', "'smtp-local-only'"],
      [18, 'namedSecret', "'k3yboard-Cat-4711'"],
    ],
  },
});
