import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/users.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'a SHA-512 pre-hash assigned back to the password, then hashed slowly elsewhere',
      filename: JS,
      code: `
const crypto = require('crypto');
exports.hash = async function (rounds, password) {
  password = crypto.createHash('sha512').update(password).digest('hex');
  return hashWorker.run('bcrypt', [password, rounds]);
};`,
    },
    {
      name: 'a SHA-256 pre-hash passed straight to bcrypt',
      code: `
import bcrypt from 'bcrypt';
import { createHash } from 'node:crypto';
export const hashPassword = (password: string) => bcrypt.hash(createHash('sha256').update(password).digest('base64'), 12);`,
    },
    {
      name: 'the section: argon2id with explicit parameters',
      code: `
import argon2 from 'argon2';
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
export const hashPassword = (password: string) => argon2.hash(password, ARGON2_OPTIONS);`,
    },
    { name: 'bcrypt with cost 12', code: `import bcrypt from 'bcrypt';\nexport const hash = (password: string) => bcrypt.hash(password, 12);` },
    {
      name: 'crypto.scrypt is a password hash',
      code: `
import { scryptSync, randomBytes } from 'node:crypto';
export function hashPassword(password: string) {
  const salt = randomBytes(16);
  return scryptSync(password, salt, 64, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
}`,
    },
    { name: 'PBKDF2-SHA256 with 600,000 iterations', code: `import crypto from 'crypto';\nconst key = crypto.pbkdf2Sync(password, salt, 600_000, 32, 'sha256');` },
    { name: 'hashing a file', code: `import { createHash } from 'node:crypto';\nexport const checksum = (file: Buffer) => createHash('sha256').update(file).digest('hex');` },
    { name: 'an ETag of a response body', code: `import crypto from 'crypto';\nres.setHeader('ETag', crypto.createHash('sha1').update(JSON.stringify(body)).digest('base64'));` },
    { name: 'a cache key', code: `import { createHash } from 'crypto';\nconst cacheKey = createHash('md5').update(\`\${userId}:\${query}\`).digest('hex');` },
    {
      name: 'hashing a password-reset token with SHA-256 is right (the token is random)',
      code: `
import { createHash, randomBytes } from 'node:crypto';
export async function resetPassword(email: string, newPassword: string) {
  const token = randomBytes(32).toString('hex');
  const tokenHash = createHash('sha256').update(token).digest('hex');
  await db.resetTokens.insert({ email, tokenHash, passwordHash: await bcrypt.hash(newPassword, 12) });
}`,
    },
    {
      name: 'a function named for hashing a reset token hashes a random value',
      code: `import { createHash } from 'crypto';\nexport const hashPasswordResetToken = (value: string) => createHash('sha256').update(value).digest('hex');`,
    },
    { name: 'names that are not passwords: passwordResetToken, apiKey', code: `import { createHash } from 'crypto';\nconst a = createHash('sha256').update(passwordResetToken).digest('hex');\nconst b = createHash('sha256').update(apiKey).digest('hex');` },
    {
      name: 'a createHash that is not from node:crypto',
      code: `
import { createHash } from './hashing';
export const passwordHash = createHash('sha256').update(password).digest('hex');`,
    },
    {
      name: 'a local createHash shadows the import',
      code: `
import { createHash } from 'crypto';
export function store(password: string) {
  const createHash = (alg: string) => new Argon2Hasher(alg);
  return createHash('argon2id').update(password).digest();
}`,
    },
    {
      name: 'the hash object is a parameter: unknown',
      code: `export const feed = (hash: { update(x: string): void }, password: string) => hash.update(password);`,
    },
    {
      name: 'a password inside a callback of the data is not the data',
      code: `import { createHash } from 'crypto';\nconst digest = createHash('sha256').update(users.map((password) => password.length).join()).digest('hex');`,
    },
    { name: 'a test file', filename: '/project/src/users.test.ts', code: `import { createHash } from 'crypto';\nconst legacy = createHash('md5').update(password).digest('hex');` },
    { name: 'PBKDF2 of a key, not a password', code: `import { pbkdf2Sync } from 'crypto';\nconst key = pbkdf2Sync(masterKey, salt, 1000, 32, 'sha256');` },
    { name: 'PBKDF2 with iterations from configuration', code: `import { pbkdf2Sync } from 'crypto';\nconst hash = pbkdf2Sync(password, salt, config.iterations, 64, 'sha512');` },
    { name: 'JavaScript: an HMAC of a webhook body', filename: JS, code: `const crypto = require('crypto');\nconst signature = crypto.createHmac('sha256', secret).update(rawBody).digest('hex');` },
  ],
  invalid: [
    {
      name: 'a SHA-512 of the password stored on the user, not a pre-hash',
      code: `import crypto from 'crypto';
export function setPassword(user: { passwordDigest: string }, password: string) {
  user.passwordDigest = crypto.createHash('sha512').update(password).digest('hex');
}`,
      errors: [{ messageId: 'fastHash', line: 3, text: 'crypto.createHash' }],
      output: null,
    },
    {
      name: 'the section: createHash(sha256).update(salt + password)',
      code: `import { createHash } from 'node:crypto';\nconst stored = createHash('sha256').update(salt + password).digest('hex');`,
      errors: [{ messageId: 'fastHash', line: 2, text: 'createHash' }],
      output: null,
    },
    {
      name: 'crypto.createHash with md5 on user.password',
      code: `import crypto from 'crypto';\nuser.hash = crypto.createHash('md5').update(user.password).digest('hex');`,
      errors: [{ messageId: 'fastHash', text: 'crypto.createHash' }],
      output: null,
    },
    {
      name: 'through a variable holding the hash object',
      code: `import * as crypto from 'node:crypto';\nconst hash = crypto.createHash('sha1');\nhash.update(newPassword);\nconst digest = hash.digest('hex');`,
      errors: [{ messageId: 'fastHash', line: 2 }],
      output: null,
    },
    {
      name: 'a variable holding a chain that already hashed the salt',
      code: `import { createHash } from 'crypto';\nconst h = createHash('sha512').update(salt);\nh.update(req.body.password, 'utf8');`,
      errors: [{ messageId: 'fastHash', line: 2 }],
      output: null,
    },
    {
      name: 'update().update() chains',
      code: `import { createHash } from 'crypto';\nconst out = createHash('sha256').update(pepper).update(password).digest('hex');`,
      errors: [{ messageId: 'fastHash' }],
      output: null,
    },
    {
      name: 'a template literal with the password',
      code: 'import { createHash } from \'crypto\';\nconst out = createHash(\'sha256\').update(`${salt}:${input.pwd}`).digest(\'base64\');',
      errors: [{ messageId: 'fastHash' }],
      output: null,
    },
    {
      name: 'Buffer.from(password) is still the password',
      code: `import { createHash } from 'crypto';\nconst out = createHash('sha256').update(Buffer.from(plainPassword, 'utf8')).digest();`,
      errors: [{ messageId: 'fastHash' }],
      output: null,
    },
    {
      name: 'stored as passwordHash, whatever the data is called',
      code: `import { createHash } from 'crypto';\nexport async function register(email: string, secret: string) {\n  const passwordHash = createHash('sha256').update(secret).digest('hex');\n  await users.insert({ email, passwordHash });\n}`,
      errors: [{ messageId: 'fastHash', line: 3 }],
      output: null,
    },
    {
      name: 'a property named hashedPassword',
      code: `import { createHash } from 'crypto';\nawait users.insert({ email, hashedPassword: createHash('sha512').update(input).digest('hex') });`,
      errors: [{ messageId: 'fastHash' }],
      output: null,
    },
    {
      name: 'a function named hashPassword: its parameter is the password',
      code: `import { createHash } from 'crypto';\nfunction hashPassword(pw: string, salt: string) {\n  return createHash('sha256').update(salt + pw).digest('hex');\n}`,
      errors: [{ messageId: 'fastHash', line: 3 }],
      output: null,
    },
    {
      name: 'an arrow function named verifyPassword',
      code: `import { createHash } from 'crypto';\nexport const verifyPassword = (input: string, stored: string) => createHash('md5').update(input).digest('hex') === stored;`,
      errors: [{ messageId: 'fastHash' }],
      output: null,
    },
    {
      name: 'HMAC with a pepper is still fast',
      code: `import { createHmac } from 'crypto';\nconst stored = createHmac('sha256', PEPPER).update(password).digest('hex');`,
      errors: [{ messageId: 'fastHash' }],
      output: null,
    },
    {
      name: 'an alias of createHash',
      code: `import { createHash } from 'crypto';\nconst sha = createHash;\nconst out = sha('sha256').update(password).digest('hex');`,
      errors: [{ messageId: 'fastHash', text: 'sha' }],
      output: null,
    },
    {
      name: 'an algorithm from a variable',
      code: `import { createHash } from 'crypto';\nconst out = createHash(HASH_ALGORITHM).update(password).digest('hex');`,
      errors: [{ messageId: 'fastHash' }],
      output: null,
    },
    {
      name: 'JavaScript: require and destructuring',
      filename: JS,
      code: `const { createHash } = require('node:crypto');\nasync function changePassword(user, newPassword) {\n  user.password = createHash('sha1').update(newPassword).digest('hex');\n}`,
      errors: [{ messageId: 'fastHash', line: 3 }],
      output: null,
    },
    {
      name: 'PBKDF2 with 10,000 iterations of SHA-256',
      code: `import crypto from 'crypto';\nconst derived = crypto.pbkdf2Sync(password, salt, 10000, 64, 'sha256');`,
      errors: [{ messageId: 'weakKeyDerivation', text: 'crypto.pbkdf2Sync' }],
      output: null,
    },
    {
      name: 'PBKDF2 with a callback',
      filename: JS,
      code: `const { pbkdf2 } = require('crypto');\npbkdf2(password, salt, 1000, 64, 'sha1', (err, key) => save(key));`,
      errors: [{ messageId: 'weakKeyDerivation', line: 2, text: 'pbkdf2' }],
      output: null,
    },
    {
      name: 'PBKDF2 stored as passwordHash',
      filename: JS,
      code: `const { pbkdf2Sync } = require('crypto');\nconst passwordHash = pbkdf2Sync(x, salt, 1000, 64, 'sha512').toString('hex');`,
      errors: [{ messageId: 'weakKeyDerivation', line: 2 }],
      output: null,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'accounts.ts': {
    findings: [
      [28, 'fastHash', 'createHash'],
      [44, 'fastHash', 'createHash'],
    ],
  },
  'auth-store.js': { findings: [[9, 'weakKeyDerivation', 'crypto.pbkdf2Sync']] },
});
