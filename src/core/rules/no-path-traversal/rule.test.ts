import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/files.js';
const EXPRESS = `import express from 'express';
import path from 'node:path';
import fs from 'node:fs';
const app = express();
const UPLOAD_DIR = '/srv/uploads';
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'path.basename keeps only the last segment',
      code: `${EXPRESS}app.get('/files/:name', (req, res) => {
  res.send(fs.readFileSync(path.join(UPLOAD_DIR, path.basename(req.params.name))));
});`,
    },
    {
      name: 'a startsWith check on the resolved path before the call',
      code: `${EXPRESS}app.get('/files/:name', async (req, res) => {
  const filePath = path.resolve(UPLOAD_DIR, req.params.name);
  if (!filePath.startsWith(UPLOAD_DIR + path.sep)) return res.sendStatus(403);
  res.send(await fs.promises.readFile(filePath));
});`,
    },
    {
      name: 'a path.relative check before the call',
      code: `${EXPRESS}app.delete('/files/:name', (req, res) => {
  const target = path.join(UPLOAD_DIR, req.params.name);
  const relative = path.relative(UPLOAD_DIR, target);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return res.sendStatus(403);
  fs.unlinkSync(target);
  res.sendStatus(204);
});`,
    },
    {
      name: 'res.sendFile and res.download with a root option',
      code: `${EXPRESS}app.get('/files/:name', (req, res) => res.sendFile(req.params.name, { root: UPLOAD_DIR }));
app.get('/download/:name', (req, res) => res.download(req.params.name, 'report.pdf', { root: UPLOAD_DIR }));`,
    },
    {
      name: 'options this file cannot read may set the root',
      code: `${EXPRESS}const SEND_OPTIONS = loadOptions();
app.get('/files/:name', (req, res) => res.sendFile(req.params.name, SEND_OPTIONS));
declare function loadOptions(): { root: string };`,
    },
    {
      name: 'a helper that resolves and checks the path (the trail ends at a call it cannot see)',
      code: `${EXPRESS}import { resolveInside } from './paths';
app.get('/files/:name', async (req, res) => {
  const filePath = resolveInside(UPLOAD_DIR, req.params.name);
  res.send(await fs.promises.readFile(filePath));
});`,
    },
    {
      name: 'file access in a function that is not a route handler',
      code: `${EXPRESS}export async function readUpload(userPath: string): Promise<Buffer> {
  return fs.promises.readFile(path.join(UPLOAD_DIR, userPath));
}
app.get('/files/:name', async (req, res) => res.send(await readUpload(req.params.name)));`,
    },
    {
      name: "multer's temp path is chosen by the server, not the client",
      code: `${EXPRESS}app.post('/upload', (req, res) => {
  const data = fs.readFileSync((req as any).file.path);
  res.json({ size: data.length });
});`,
    },
    {
      name: 'a route-like call in a file that imports no web framework',
      code: `import fs from 'node:fs';
import path from 'node:path';
export function mount(app: any) {
  app.get('/files/:name', (req: any, res: any) => res.send(fs.readFileSync(path.join('/srv', req.params.name))));
}`,
    },
    {
      name: "another library's get with a callback is not a route",
      code: `${EXPRESS}import https from 'node:https';
https.get('https://cdn.example.com/latest', (res) => {
  res.pipe(fs.createWriteStream(path.join(UPLOAD_DIR, String(res.headers['x-file-name']))));
});`,
    },
    {
      name: 'an inner callback parameter named req shadows the request',
      code: `${EXPRESS}app.post('/batch', (req, res) => {
  const jobs = [{ params: { name: 'a.txt' } }];
  jobs.forEach((req) => fs.readFileSync(path.join(UPLOAD_DIR, req.params.name)));
  res.sendStatus(202);
});`,
    },
    {
      name: 'an allowlist filter with replace is not followed',
      code: `${EXPRESS}app.get('/files/:name', (req, res) => {
  const safeName = req.params.name.replace(/[^a-z0-9._-]/gi, '_');
  res.send(fs.readFileSync(path.join(UPLOAD_DIR, safeName)));
});`,
    },
    {
      name: "fastify's reply.sendFile serves from the static root",
      code: `import Fastify from 'fastify';
const app = Fastify();
app.get('/files/:name', (request: any, reply: any) => reply.sendFile(request.params.name));`,
    },
    {
      name: 'a fixed path in a handler, request data used elsewhere',
      code: `${EXPRESS}app.get('/report', async (req, res) => {
  const report = await fs.promises.readFile(path.join(UPLOAD_DIR, 'report.csv'), 'utf8');
  res.type(req.query.format === 'text' ? 'text/plain' : 'text/csv').send(report);
});`,
    },
    {
      name: 'test files are skipped',
      filename: '/project/test/files.test.ts',
      code: `${EXPRESS}app.get('/files/:name', (req, res) => res.send(fs.readFileSync(path.join(UPLOAD_DIR, req.params.name))));`,
    },
    {
      name: 'koa with basename',
      code: `import Koa from 'koa';
import Router from '@koa/router';
import { createReadStream } from 'node:fs';
import { basename, join } from 'node:path';
const router = new Router();
router.get('/files/:name', (ctx) => {
  ctx.body = createReadStream(join('/srv/uploads', basename(ctx.params.name)));
});
new Koa().use(router.routes());`,
    },
    {
      name: 'a let is not followed (it may be reassigned after a check)',
      code: `${EXPRESS}app.get('/files/:name', (req, res) => {
  let name = req.params.name;
  if (name.includes('/') || name.includes('..')) name = 'default.txt';
  res.send(fs.readFileSync(path.join(UPLOAD_DIR, name)));
});`,
    },
  ],
  invalid: [
    {
      name: 'express: readFile of path.join(dir, req.params.name)',
      code: `${EXPRESS}app.get('/files/:name', async (req, res) => {
  res.send(await fs.promises.readFile(path.join(UPLOAD_DIR, req.params.name)));
});`,
      errors: [{ messageId: 'fileSystem', line: 7, text: 'path.join(UPLOAD_DIR, req.params.name)' }],
      output: null,
    },
    {
      name: 'res.sendFile of a joined path: fixed with the root option',
      code: `${EXPRESS}app.get('/static/:file', (req, res) => {
  res.sendFile(path.join(__dirname, 'public', req.params.file));
});`,
      errors: [{ messageId: 'sendFile', text: "path.join(__dirname, 'public', req.params.file)" }],
      output: `${EXPRESS}app.get('/static/:file', (req, res) => {
  res.sendFile(req.params.file, { root: path.join(__dirname, 'public') });
});`,
    },
    {
      name: 'res.sendFile of path.resolve with a cast query value',
      code: `${EXPRESS}app.get('/preview', (req, res) => res.sendFile(path.resolve(UPLOAD_DIR, req.query.file as string)));`,
      errors: [{ messageId: 'sendFile' }],
      output: `${EXPRESS}app.get('/preview', (req, res) => res.sendFile(req.query.file as string, { root: UPLOAD_DIR }));`,
    },
    {
      name: 'destructured from req.params into a template',
      code: `${EXPRESS}app.get('/files/:name', (req, res) => {
  const { name } = req.params;
  fs.createReadStream(\`\${UPLOAD_DIR}/\${name}\`).pipe(res);
});`,
      errors: [{ messageId: 'fileSystem', line: 8, text: '`${UPLOAD_DIR}/${name}`' }],
      output: null,
    },
    {
      name: 'a destructured request parameter',
      code: `${EXPRESS}app.get('/files/:name', ({ params: { name } }, res) => {
  res.send(fs.readFileSync(path.join(UPLOAD_DIR, name)));
});`,
      errors: [{ messageId: 'fileSystem' }],
      output: null,
    },
    {
      name: 'fastify: request.params with fs/promises',
      code: `import Fastify from 'fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
const app = Fastify();
app.get<{ Params: { name: string } }>('/files/:name', async (request, reply) => {
  return reply.send(await readFile(join('/srv/uploads', request.params.name)));
});`,
      errors: [{ messageId: 'fileSystem', line: 6, text: "join('/srv/uploads', request.params.name)" }],
      output: null,
    },
    {
      name: 'koa: ctx.params and ctx.request.body',
      code: `import Router from '@koa/router';
import fs from 'node:fs/promises';
import path from 'node:path';
const router = new Router();
router.post('/notes', async (ctx) => {
  await fs.writeFile(path.join('/srv/notes', (ctx.request as any).body.file), 'text');
  ctx.body = await fs.readFile(path.join('/srv/notes', ctx.params.name));
});`,
      errors: [
        { messageId: 'fileSystem', line: 6 },
        { messageId: 'fileSystem', line: 7 },
      ],
      output: null,
    },
    {
      name: 'a handler typed with express Request, registered in another module',
      code: `import type { Request, Response } from 'express';
import path from 'node:path';
export async function download(req: Request<{ id: string }>, res: Response) {
  res.download(path.join('/srv/invoices', req.params.id + '.pdf'));
}`,
      errors: [{ messageId: 'sendFile', text: "path.join('/srv/invoices', req.params.id + '.pdf')" }],
      output: null,
    },
    {
      name: 'JavaScript: a named handler function registered on a route',
      filename: JS,
      code: `const express = require('express');
const fs = require('fs');
const app = express();
function avatar(req, res) {
  fs.readFile('/srv/avatars/' + req.params.user + '.png', (err, data) => res.send(data));
}
app.get('/avatars/:user', avatar);`,
      errors: [{ messageId: 'fileSystem', line: 5, text: "'/srv/avatars/' + req.params.user + '.png'" }],
      output: null,
    },
    {
      name: 'unlinkSync with concatenation from the body, on an express.Router',
      code: `${EXPRESS}const router = express.Router();
router.post('/files/delete', (req, res) => {
  fs.unlinkSync(UPLOAD_DIR + '/' + req.body.file);
  res.sendStatus(204);
});`,
      errors: [{ messageId: 'fileSystem', line: 8 }],
      output: null,
    },
    {
      name: 'an injected router typed from express',
      code: `import type { Router } from 'express';
import { createReadStream } from 'node:fs';
export function fileRoutes(router: Router, root: string) {
  router.get('/files/:name', (req, res) => createReadStream(root + '/' + req.params.name).pipe(res));
}`,
      errors: [{ messageId: 'fileSystem' }],
      output: null,
    },
    {
      name: 'a check on the input string is not a check on the resolved path',
      code: `${EXPRESS}app.get('/files/:name', (req, res) => {
  const name = String(req.query.name);
  if (name.startsWith('.')) return res.sendStatus(400);
  res.send(fs.readFileSync(path.join(UPLOAD_DIR, name)));
});`,
      errors: [{ messageId: 'fileSystem', line: 9 }],
      output: null,
    },
    {
      name: 'a containment check after the call comes too late',
      code: `${EXPRESS}app.get('/files/:name', (req, res) => {
  const filePath = path.resolve(UPLOAD_DIR, req.params.name);
  const data = fs.readFileSync(filePath);
  if (!filePath.startsWith(UPLOAD_DIR + path.sep)) return res.sendStatus(403);
  res.send(data);
});`,
      errors: [{ messageId: 'fileSystem', line: 8, text: 'filePath' }],
      output: null,
    },
    {
      name: "fs.promises imported as { promises as fsp }, and fs-extra's outputFile",
      code: `import express from 'express';
import { promises as fsp } from 'fs';
import fse from 'fs-extra';
const app = express();
app.put('/docs/:name', async (req, res) => {
  await fsp.stat(\`/srv/docs/\${req.params.name}\`);
  await fse.outputFile(\`/srv/docs/\${req.params.name}\`, req.body.text);
  res.sendStatus(204);
});`,
      errors: [
        { messageId: 'fileSystem', line: 6 },
        { messageId: 'fileSystem', line: 7 },
      ],
      output: null,
    },
    {
      name: 'rename: the destination comes from the body',
      code: `${EXPRESS}app.post('/files/:id/rename', (req, res) => {
  fs.renameSync(path.join(UPLOAD_DIR, 'pending.bin'), path.join(UPLOAD_DIR, req.body.newName));
  res.sendStatus(204);
});`,
      errors: [{ messageId: 'fileSystem', text: 'path.join(UPLOAD_DIR, req.body.newName)' }],
      output: null,
    },
    {
      name: "the client's upload name (multer originalname) and a header",
      code: `${EXPRESS}app.post('/upload', (req: any, res) => {
  fs.writeFileSync(path.join(UPLOAD_DIR, req.file.originalname), req.file.buffer);
  fs.appendFileSync(path.join(UPLOAD_DIR, req.get('x-log-name').trim()), 'uploaded\\n');
  res.sendStatus(201);
});`,
      errors: [
        { messageId: 'fileSystem', line: 7 },
        { messageId: 'fileSystem', line: 8 },
      ],
      output: null,
    },
    {
      name: 'a middleware registered with app.use reads the URL path',
      code: `${EXPRESS}app.use((req, res, next) => {
  if (!req.path.startsWith('/assets/')) return next();
  fs.createReadStream(path.join(__dirname, 'public', decodeURIComponent(req.path))).pipe(res);
});`,
      errors: [{ messageId: 'fileSystem', line: 8 }],
      output: null,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'upload-routes.ts': {
    findings: [
      [26, 'fileSystem', 'path.join(UPLOAD_ROOT, req.params.name)'],
      [40, 'sendFile', 'path.join(PUBLIC_DIR, req.params.asset)'],
      [58, 'fileSystem', '`${UPLOAD_ROOT}/${name}`'],
    ],
  },
  'static-server.js': {
    findings: [
      [10, 'fileSystem', "path.join(SITE_ROOT, page + '.html')"],
      [30, 'fileSystem', "path.join(SITE_ROOT, 'drafts', request.body.slug)"],
    ],
  },
});
