import * as assert from 'assert';
import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import { isAuthenticationPath } from './authPaths';
import rule from './rule';

const JS = '/project/src/server.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'the section: per-IP and per-account limiters on login, an inline limiter on password reset',
      code: `
import express from 'express';
import { rateLimit } from 'express-rate-limit';
const app = express();
const loginPerIp = rateLimit({ windowMs: 15 * 60 * 1000, limit: 20 });
const loginPerAccount = rateLimit({ windowMs: 15 * 60 * 1000, limit: 5, skipSuccessfulRequests: true });
app.post('/login', express.json({ limit: '4kb' }), loginPerIp, loginPerAccount, login);
app.post('/password-reset', express.json({ limit: '4kb' }), rateLimit({ windowMs: 60 * 60 * 1000, limit: 5 }), requestPasswordReset);`,
    },
    {
      name: 'the section: fastify with global: false and a per-route limit',
      code: `
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
const app = Fastify({ trustProxy: 1 });
await app.register(rateLimit, { global: false });
app.post('/login', { config: { rateLimit: { max: 5, timeWindow: '15 minutes' } } }, login);`,
    },
    {
      name: 'fastify: the plugin registered globally covers every route',
      code: `import fastify from 'fastify';\nconst app = fastify();\napp.register(import('@fastify/rate-limit'), { max: 100, timeWindow: '1 minute' });\napp.post('/auth/token', issueToken);`,
    },
    {
      name: 'a limiter applied to the app before the routes',
      code: `import express from 'express';\nimport rateLimit from 'express-rate-limit';\nconst app = express();\napp.use(rateLimit({ limit: 100 }));\napp.post('/login', login);`,
    },
    {
      name: 'a limiter mounted on a prefix that holds the route',
      code: `import express from 'express';\nconst app = express();\napp.use('/auth', authLimiter);\napp.post('/auth/login', login);`,
    },
    {
      name: 'a router limited where the app mounts it',
      code: `import express, { Router } from 'express';\nimport { authLimiter } from './limits';\nconst app = express();\nconst auth = Router();\nauth.post('/login', login);\napp.use('/auth', authLimiter, auth);`,
    },
    {
      name: 'router.use with an imported limiter before the routes (the brief: imported names that say limit)',
      filename: JS,
      code: `const express = require('express');\nconst { loginThrottle } = require('./security');\nconst router = express.Router();\nrouter.use(loginThrottle);\nrouter.post('/signin', signIn);\nmodule.exports = router;`,
    },
    {
      name: 'a middleware of this file that uses rate-limiter-flexible under a neutral name',
      code: `
import express from 'express';
import { RateLimiterRedis } from 'rate-limiter-flexible';
const limiter = new RateLimiterRedis({ storeClient: redis, points: 5, duration: 900 });
const guard = async (req, res, next) => { try { await limiter.consume(req.ip); next(); } catch { res.status(429).end(); } };
const app = express();
app.post('/login', guard, login);`,
    },
    {
      name: 'a middleware array holding a limiter, and a spread that cannot be seen into',
      code: `import express from 'express';\nconst app = express();\napp.post('/login', [validate(schema), loginRateLimit], login);\napp.post('/otp/verify', ...authChain, verifyOtp);`,
    },
    { name: 'GET /login renders a form', code: `import express from 'express';\nconst app = express();\napp.get('/login', (req, res) => res.render('login'));` },
    {
      name: 'paths that are not authentication: logout, push tokens, cache refresh, orders',
      code: `import express from 'express';\nconst app = express();\napp.post('/logout', logout);\napp.post('/devices/:id/token', savePushToken);\napp.post('/cache/refresh', refresh);\napp.post('/orders', createOrder);`,
    },
    {
      name: 'an app received as a parameter: configured elsewhere',
      code: `import type { Express } from 'express';\nexport function registerAuth(app: Express) {\n  app.post('/login', login);\n}`,
    },
    {
      name: 'a fastify plugin: the instance is a parameter',
      code: `import type { FastifyInstance } from 'fastify';\nexport default async function authRoutes(fastify: FastifyInstance) {\n  fastify.post('/login', login);\n}`,
    },
    { name: 'a router imported from another module', code: `import { router } from './router';\nimport 'express';\nrouter.post('/login', login);` },
    { name: 'fastify route options from a variable', code: `import Fastify from 'fastify';\nconst app = Fastify();\napp.post('/login', loginRouteOptions, login);` },
    {
      name: 'fastify: a limiter hook on the route',
      code: `import Fastify from 'fastify';\nconst app = Fastify();\napp.post('/login', { onRequest: app.rateLimit({ max: 5, timeWindow: 60_000 }) }, login);`,
    },
    { name: 'a test file', filename: '/project/src/__tests__/app.js', code: `const express = require('express');\nconst app = express();\napp.post('/login', login);` },
    {
      name: 'a path computed at run time',
      code: `import express from 'express';\nconst app = express();\napp.post(\`\${AUTH_PREFIX}/login\`, login);`,
    },
  ],
  invalid: [
    {
      name: 'express: POST /login without a limiter',
      code: `import express from 'express';\nconst app = express();\napp.post('/login', express.json(), login);`,
      errors: [{ messageId: 'express', line: 3, text: "'/login'" }],
      output: null,
    },
    {
      name: 'a limiter mounted after the route does not run for it',
      code: `import express from 'express';\nimport rateLimit from 'express-rate-limit';\nconst app = express();\napp.post('/login', login);\napp.use(rateLimit({ limit: 100 }));`,
      errors: [{ messageId: 'express', line: 4 }],
      output: null,
    },
    {
      name: 'a limiter on another prefix',
      code: `import express from 'express';\nconst app = express();\napp.use('/api', apiLimiter);\napp.post('/auth/login', login);`,
      errors: [{ messageId: 'express' }],
      output: null,
    },
    {
      name: 'an existing limiter in the file is offered as the fix',
      code: `import express from 'express';\nimport { rateLimit } from 'express-rate-limit';\nconst app = express();\nconst apiLimiter = rateLimit({ limit: 300 });\nconst authLimiter = rateLimit({ limit: 5 });\napp.get('/orders', apiLimiter, listOrders);\napp.post('/auth/token', express.json(), issueToken);`,
      errors: [{ messageId: 'express', line: 7 }],
      output: `import express from 'express';\nimport { rateLimit } from 'express-rate-limit';\nconst app = express();\nconst apiLimiter = rateLimit({ limit: 300 });\nconst authLimiter = rateLimit({ limit: 5 });\napp.get('/orders', apiLimiter, listOrders);\napp.post('/auth/token', authLimiter, express.json(), issueToken);`,
    },
    {
      name: 'a limiter declared after the route is not offered (it would not exist yet)',
      code: `import express from 'express';\nimport rateLimit from 'express-rate-limit';\nconst app = express();\napp.post('/login', login);\nconst loginLimiter = rateLimit({ limit: 5 });`,
      errors: [{ messageId: 'express', line: 4 }],
      output: null,
    },
    {
      name: 'an exported router (mounted elsewhere) with no limiter: the route is visible',
      filename: JS,
      code: `const { Router } = require('express');\nconst router = Router();\nrouter.post('/forgot-password', forgotPassword);\nrouter.post('/reset-password', resetPassword);\nmodule.exports = router;`,
      errors: [{ messageId: 'express', line: 3 }, { messageId: 'express', line: 4 }],
      output: null,
    },
    {
      name: 'a router mounted by the app with no limiter anywhere',
      code: `import express from 'express';\nconst app = express();\nconst auth = express.Router();\nauth.post('/sign-in', signIn);\napp.use('/auth', auth);`,
      errors: [{ messageId: 'express', text: "'/sign-in'" }],
      output: null,
    },
    {
      name: 'route() chains and path arrays',
      code: `import express from 'express';\nconst app = express();\napp.route('/login').get(showLogin).post(login);\napp.post(['/otp', '/2fa/verify'], verifyCode);`,
      errors: [{ messageId: 'express', line: 3 }, { messageId: 'express', line: 4 }],
      output: null,
    },
    {
      name: 'API versions, sign-up, MFA, refresh and sessions',
      code: `import express from 'express';\nconst app = express();\napp.post('/api/v1/signup', signUp);\napp.put('/users/:id/password', changePassword);\napp.post('/mfa/challenge', mfa);\napp.post('/auth/refresh', refresh);\napp.post('/sessions', createSession);`,
      errors: [1, 2, 3, 4, 5].map(() => ({ messageId: 'express' })),
      output: null,
    },
    {
      name: 'require() of express in JavaScript, app.all',
      filename: JS,
      code: `const app = require('express')();\napp.all('/oauth/token', tokenEndpoint);`,
      errors: [{ messageId: 'express' }],
      output: null,
    },
    {
      name: 'fastify: no plugin, no route limit',
      code: `import Fastify from 'fastify';\nconst app = Fastify({ logger: true });\napp.post('/login', async (request, reply) => login(request.body));`,
      errors: [{ messageId: 'fastify', line: 3 }],
      output: null,
    },
    {
      name: 'fastify: plugin with global: false, route without a limit gets one',
      code: `import Fastify from 'fastify';\nimport rateLimit from '@fastify/rate-limit';\nconst app = Fastify();\nawait app.register(rateLimit, { global: false, redis });\napp.post('/password/reset', resetPassword);`,
      errors: [{ messageId: 'fastifyNotGlobal', line: 5 }],
      output: `import Fastify from 'fastify';\nimport rateLimit from '@fastify/rate-limit';\nconst app = Fastify();\nawait app.register(rateLimit, { global: false, redis });\napp.post('/password/reset', { config: { rateLimit: { max: 5, timeWindow: '15 minutes' } } }, resetPassword);`,
    },
    {
      name: 'fastify: route options without config get one',
      code: `import Fastify from 'fastify';\nimport rateLimit from '@fastify/rate-limit';\nconst app = Fastify();\nawait app.register(rateLimit, { global: false });\napp.post('/login', { schema: loginSchema }, login);`,
      errors: [{ messageId: 'fastifyNotGlobal' }],
      output: `import Fastify from 'fastify';\nimport rateLimit from '@fastify/rate-limit';\nconst app = Fastify();\nawait app.register(rateLimit, { global: false });\napp.post('/login', { schema: loginSchema, config: { rateLimit: { max: 5, timeWindow: '15 minutes' } } }, login);`,
    },
    {
      name: 'fastify: rateLimit: false exempts a login route',
      code: `import Fastify from 'fastify';\nimport rateLimit from '@fastify/rate-limit';\nconst app = Fastify();\nawait app.register(rateLimit);\napp.post('/login', { config: { rateLimit: false } }, login);`,
      errors: [{ messageId: 'fastifyLimitOff' }],
      output: `import Fastify from 'fastify';\nimport rateLimit from '@fastify/rate-limit';\nconst app = Fastify();\nawait app.register(rateLimit);\napp.post('/login', { config: { rateLimit: { max: 5, timeWindow: '15 minutes' } } }, login);`,
    },
    {
      name: 'fastify: route() with method and url',
      code: `import Fastify from 'fastify';\nconst app = Fastify();\napp.route({ method: ['POST'], url: '/auth/login', handler: login });`,
      errors: [{ messageId: 'fastify', text: "'/auth/login'" }],
      output: null,
    },
    {
      name: 'a limiter mounted on another router does not cover this one',
      code: `import express from 'express';\nconst admin = express.Router();\nconst auth = express.Router();\nadmin.use(adminLimiter);\nauth.post('/login', login);`,
      errors: [{ messageId: 'express', line: 5 }],
      output: null,
    },
  ],
});

describe('require-auth-rate-limit: authentication paths', () => {
  const cases: Array<[string, boolean]> = [
    ['/login', true], ['/auth/login', true], ['/api/v2/sign-in', true], ['/signIn', true], ['/password/reset', true],
    ['/forgot-password', true], ['/oauth/token', true], ['/token/refresh', true], ['/verify-otp', true], ['/2fa', true],
    ['/register', true], ['/auth/register', true], ['/users/:id/password', true],
    ['/logout', false], ['/devices/register', false], ['/devices/:id/token', false], ['/cache/refresh', false],
    ['/checkout/sessions', false], ['/orders', false], ['/tokens-of-appreciation', false], ['/', false],
  ];
  for (const [path, expected] of cases) {
    it(`${path} ${expected ? 'is' : 'is not'} an authentication route`, () => assert.strictEqual(isAuthenticationPath(path), expected));
  }
});

checkFixtures(rule, __dirname, {
  'accounts-api.ts': {
    findings: [
      [21, 'express', "'/refresh'"],
      [22, 'express', "'/signup'"],
      [24, 'express', "'/password-reset'"],
    ],
  },
  'gateway.js': { findings: [[13, 'fastifyNotGlobal', "'/otp/verify'"]] },
});
