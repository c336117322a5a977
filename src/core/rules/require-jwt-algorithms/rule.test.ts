import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/auth.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'the section: jsonwebtoken with algorithms, audience and issuer',
      code: `
import jwt from 'jsonwebtoken';
export const verifyAccessToken = (token: string) =>
  jwt.verify(token, config.jwtPublicKey, { algorithms: ['RS256'], audience: 'orders-api', issuer: 'https://auth.example.com/' });`,
    },
    {
      name: 'the section: jose with a JWKS and algorithms',
      code: `
import { createRemoteJWKSet, jwtVerify } from 'jose';
const JWKS = createRemoteJWKSet(new URL('https://auth.example.com/.well-known/jwks.json'));
export const verify = async (token: string) => (await jwtVerify(token, JWKS, { algorithms: ['RS256'], issuer: 'https://auth.example.com/' })).payload;`,
    },
    { name: 'algorithms from a constant', code: `import jwt from 'jsonwebtoken';\nconst ALGORITHMS: jwt.Algorithm[] = ['ES256'];\njwt.verify(token, key, { algorithms: ALGORITHMS });` },
    { name: 'options in a variable cannot be read', code: `import jwt from 'jsonwebtoken';\nexport const check = (token: string, options: jwt.VerifyOptions) => jwt.verify(token, key, options);` },
    { name: 'options spread from shared defaults', code: `import jwt from 'jsonwebtoken';\njwt.verify(token, key, { ...VERIFY_DEFAULTS, audience: 'billing' });` },
    { name: 'options built by a function', code: `import { jwtVerify } from 'jose';\nawait jwtVerify(token, key, verifyOptions('billing'));` },
    { name: 'spread arguments', code: `import jwt from 'jsonwebtoken';\nexport const check = (...args: Parameters<typeof jwt.verify>) => jwt.verify(...args);` },
    { name: 'a callback passed by name: options or callback? unknown', filename: JS, code: `const jwt = require('jsonwebtoken');\njwt.verify(token, key, onVerified);` },
    { name: 'decode and sign are not verification (decode is out of scope)', code: `import jwt from 'jsonwebtoken';\nconst claims = jwt.decode(token);\nconst signed = jwt.sign(claims, key, { algorithm: 'RS256' });` },
    { name: 'verify from another module', code: `import { verify } from './tokens';\nverify(token, key);` },
    { name: "node:crypto's verify is a signature check, not JWT", code: `import { verify } from 'node:crypto';\nverify('sha256', data, publicKey, signature);` },
    {
      name: 'a parameter named jwt shadows the import',
      code: `import jwt from 'jsonwebtoken';\nexport function make(jwt: { verify(t: string, k: string): unknown }) {\n  return (token: string) => jwt.verify(token, 'k');\n}`,
    },
    { name: 'a local verify function shadows the named import', code: `import { verify } from 'jsonwebtoken';\nfunction check(token: string) {\n  const verify = (t: string, k: string) => t === k;\n  return verify(token, key);\n}` },
    { name: 'a test file', filename: '/project/src/auth.spec.ts', code: `import jwt from 'jsonwebtoken';\nexpect(() => jwt.verify(token, 'secret')).toThrow();` },
    { name: 'jose algorithms in a multi-line object', code: `import * as jose from 'jose';\nconst { payload } = await jose.jwtVerify(token, secret, {\n  algorithms: ['HS256'],\n  requiredClaims: ['exp'],\n});` },
    { name: "'none' in a jose list is not jsonwebtoken's weakness (jose refuses it)", code: `import { jwtVerify } from 'jose';\nawait jwtVerify(token, key, { algorithms: ['RS256', 'none'] });` },
    { name: 'JavaScript: require with algorithms and a callback', filename: JS, code: `const jwt = require('jsonwebtoken');\njwt.verify(token, publicKey, { algorithms: ['RS256'] }, (err, claims) => done(err, claims));` },
  ],
  invalid: [
    {
      name: "a secret read from settings by name: HS256; a key file named secret is still a public key",
      filename: JS,
      code: `const jwt = require('jsonwebtoken');
const fs = require('fs');
const unsubscribe = (token) => jwt.verify(token, nconf.get('secret'));
const session = (token) => jwt.verify(token, fs.readFileSync('keys/secret-signing.pem'));`,
      errors: [
        { messageId: 'jsonwebtoken', line: 3 },
        { messageId: 'jsonwebtoken', line: 4 },
      ],
      output: `const jwt = require('jsonwebtoken');
const fs = require('fs');
const unsubscribe = (token) => jwt.verify(token, nconf.get('secret'), { algorithms: ['HS256'] });
const session = (token) => jwt.verify(token, fs.readFileSync('keys/secret-signing.pem'), { algorithms: ['RS256'] });`,
    },
    {
      name: 'two arguments, a public key: RS256 is pinned as a third argument',
      code: `import jwt from 'jsonwebtoken';\nexport const verifyAccessToken = (token: string) => jwt.verify(token, config.jwtPublicKey);`,
      errors: [{ messageId: 'jsonwebtoken', line: 2, text: 'jwt.verify' }],
      output: `import jwt from 'jsonwebtoken';\nexport const verifyAccessToken = (token: string) => jwt.verify(token, config.jwtPublicKey, { algorithms: ['RS256'] });`,
    },
    {
      name: 'an HMAC secret from the environment: HS256',
      code: `import jwt from 'jsonwebtoken';\nconst claims = jwt.verify(token, process.env.JWT_SECRET!);`,
      errors: [{ messageId: 'jsonwebtoken' }],
      output: `import jwt from 'jsonwebtoken';\nconst claims = jwt.verify(token, process.env.JWT_SECRET!, { algorithms: ['HS256'] });`,
    },
    {
      name: 'options without algorithms: the property is added',
      code: `import jwt from 'jsonwebtoken';\nconst claims = jwt.verify(token, secret, { audience: 'orders-api', issuer: ISSUER });`,
      errors: [{ messageId: 'jsonwebtoken' }],
      output: `import jwt from 'jsonwebtoken';\nconst claims = jwt.verify(token, secret, { audience: 'orders-api', issuer: ISSUER, algorithms: ['HS256'] });`,
    },
    {
      name: 'a callback in third place: options go before it',
      code: `import jwt from 'jsonwebtoken';\njwt.verify(token, publicKey, (err, claims) => done(err, claims));`,
      errors: [{ messageId: 'jsonwebtoken' }],
      output: `import jwt from 'jsonwebtoken';\njwt.verify(token, publicKey, { algorithms: ['RS256'] }, (err, claims) => done(err, claims));`,
    },
    {
      name: 'empty options and a callback',
      code: `import jwt from 'jsonwebtoken';\njwt.verify(token, publicKey, {}, function (err, claims) { done(err, claims); });`,
      errors: [{ messageId: 'jsonwebtoken' }],
      output: `import jwt from 'jsonwebtoken';\njwt.verify(token, publicKey, { algorithms: ['RS256'] }, function (err, claims) { done(err, claims); });`,
    },
    {
      name: 'a namespace import',
      code: `import * as jwt from 'jsonwebtoken';\nconst claims = jwt.verify(token, PUBLIC_KEY, { complete: true });`,
      errors: [{ messageId: 'jsonwebtoken' }],
      output: `import * as jwt from 'jsonwebtoken';\nconst claims = jwt.verify(token, PUBLIC_KEY, { complete: true, algorithms: ['RS256'] });`,
    },
    {
      name: 'a named import',
      code: `import { verify } from 'jsonwebtoken';\nexport const claimsOf = (token: string) => verify(token, certificate);`,
      errors: [{ messageId: 'jsonwebtoken', text: 'verify' }],
      output: `import { verify } from 'jsonwebtoken';\nexport const claimsOf = (token: string) => verify(token, certificate, { algorithms: ['RS256'] });`,
    },
    {
      name: 'an alias of the module',
      code: `import jsonwebtoken from 'jsonwebtoken';\nconst tokens = jsonwebtoken;\ntokens.verify(token, hmacKey);`,
      errors: [{ messageId: 'jsonwebtoken', text: 'tokens.verify' }],
      output: `import jsonwebtoken from 'jsonwebtoken';\nconst tokens = jsonwebtoken;\ntokens.verify(token, hmacKey, { algorithms: ['HS256'] });`,
    },
    {
      name: 'JavaScript: destructured require',
      filename: JS,
      code: `const { verify } = require('jsonwebtoken');\nmodule.exports = (req) => verify(req.headers.authorization.slice(7), SECRET);`,
      errors: [{ messageId: 'jsonwebtoken' }],
      output: `const { verify } = require('jsonwebtoken');\nmodule.exports = (req) => verify(req.headers.authorization.slice(7), SECRET, { algorithms: ['HS256'] });`,
    },
    {
      name: 'JavaScript: multi-line options keep their layout',
      filename: JS,
      code: `const jwt = require('jsonwebtoken');\nconst claims = jwt.verify(token, publicKey, {\n  audience: 'orders-api',\n  issuer: ISSUER,\n});`,
      errors: [{ messageId: 'jsonwebtoken' }],
      output: `const jwt = require('jsonwebtoken');\nconst claims = jwt.verify(token, publicKey, {\n  audience: 'orders-api',\n  issuer: ISSUER,\n  algorithms: ['RS256'],\n});`,
    },
    {
      name: 'jose: jwtVerify with a JWKS and no options',
      code: `import { createRemoteJWKSet, jwtVerify } from 'jose';\nconst JWKS = createRemoteJWKSet(new URL(JWKS_URL));\nconst { payload } = await jwtVerify(token, JWKS);`,
      errors: [{ messageId: 'jose', line: 3, text: 'jwtVerify' }],
      output: `import { createRemoteJWKSet, jwtVerify } from 'jose';\nconst JWKS = createRemoteJWKSet(new URL(JWKS_URL));\nconst { payload } = await jwtVerify(token, JWKS, { algorithms: ['RS256'] });`,
    },
    {
      name: 'jose: options with issuer and audience only',
      code: `import * as jose from 'jose';\nconst { payload } = await jose.jwtVerify(token, publicKey, { issuer: ISSUER, audience: 'orders-api' });`,
      errors: [{ messageId: 'jose', text: 'jose.jwtVerify' }],
      output: `import * as jose from 'jose';\nconst { payload } = await jose.jwtVerify(token, publicKey, { issuer: ISSUER, audience: 'orders-api', algorithms: ['RS256'] });`,
    },
    {
      name: 'jose: an HMAC secret encoded from the environment, awaited generic call',
      code: `import { jwtVerify } from 'jose';\nconst secret = new TextEncoder().encode(process.env.JWT_SECRET);\nconst { payload } = await jwtVerify<Claims>(token, new TextEncoder().encode(process.env.JWT_SECRET));`,
      errors: [{ messageId: 'jose', line: 3, text: 'jwtVerify' }],
      output: `import { jwtVerify } from 'jose';\nconst secret = new TextEncoder().encode(process.env.JWT_SECRET);\nconst { payload } = await jwtVerify<Claims>(token, new TextEncoder().encode(process.env.JWT_SECRET), { algorithms: ['HS256'] });`,
    },
    {
      name: "'none' listed with jsonwebtoken: the safe fix removes it",
      code: `import jwt from 'jsonwebtoken';\njwt.verify(token, key, { algorithms: ['HS256', 'none'] });\njwt.verify(token, key, { algorithms: ['none', 'RS256'] });`,
      errors: [{ messageId: 'noneAllowed', line: 2, text: "'none'" }, { messageId: 'noneAllowed', line: 3, text: "'none'" }],
      output: `import jwt from 'jsonwebtoken';\njwt.verify(token, key, { algorithms: ['HS256'] });\njwt.verify(token, key, { algorithms: ['RS256'] });`,
    },
    {
      name: "only 'none': reported without a fix (an empty list would reject every token)",
      code: `import jwt from 'jsonwebtoken';\njwt.verify(token, '', { algorithms: ['none'] });`,
      errors: [{ messageId: 'noneAllowed' }],
      output: null,
    },
    {
      name: 'a literal key suggests HMAC',
      code: `import jwt from 'jsonwebtoken';\nconst claims = jwt.verify(token, 'shhhhh');`,
      errors: [{ messageId: 'jsonwebtoken' }],
      output: `import jwt from 'jsonwebtoken';\nconst claims = jwt.verify(token, 'shhhhh', { algorithms: ['HS256'] });`,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'authenticate.ts': {
    findings: [
      [10, 'jose', 'jwtVerify'],
      [20, 'jsonwebtoken', 'jwt.verify'],
    ],
  },
  'socket-auth.js': { findings: [[10, 'jsonwebtoken', 'jwt.verify']] },
});
