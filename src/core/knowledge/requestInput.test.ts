import * as assert from 'assert';
import { SourceParser } from '../parse/parser';
import { argumentsOf, calleeOf } from '../parse/syntax';
import { SourceFile } from '../sourceFile';
import { requestInputIn, routeHandlerOf } from './requestInput';

const parser = new SourceParser();

/**
 * For every `sink(x)` call in `code`: the handler around it (`framework req/res`, or `-`) and the
 * request read `x` derives from (or `-`).
 */
function sinks(code: string, language: 'typescript' | 'javascript' = 'typescript'): string[] {
  const tree = parser.parse(language, code);
  try {
    const file = new SourceFile(`/project/src/routes.${language === 'typescript' ? 'ts' : 'js'}`, language, code, tree);
    return file.root.descendantsOfType('call_expression').flatMap((call) => {
      if (!call || calleeOf(call)?.text !== 'sink') return [];
      const handler = routeHandlerOf(file, call);
      const where = handler ? `${handler.framework} ${handler.request.text}/${handler.response?.text ?? '-'}` : '-';
      return [`${where}: ${requestInputIn(file, argumentsOf(call)[0])?.text ?? '-'}`];
    });
  } finally {
    tree.delete();
  }
}

describe('knowledge/requestInput', () => {
  before(async () => {
    await parser.load('typescript');
    await parser.load('javascript');
  });

  const EXPRESS = `import express from 'express';\nimport path from 'node:path';\nconst app = express();\n`;
  const cases: Array<[string, string, string[]]> = [
    ['express params, query, body, headers', `${EXPRESS}app.post('/x/:id', (req, res) => { sink(req.params.id); sink(req.query.q); sink(req.body); sink(req.headers['x-a']); });`, [
      'express req/res: req.params.id', 'express req/res: req.query.q', 'express req/res: req.body', "express req/res: req.headers['x-a']",
    ]],
    ['not input: the request object, app locals, a fixed value', `${EXPRESS}app.get('/x', (req, res) => { sink(req); sink(req.app.locals.dir); sink('x'); });`, [
      'express req/res: -', 'express req/res: -', 'express req/res: -',
    ]],
    ['through const, destructuring, templates, path.join, String(), string methods', `${EXPRESS}app.get('/x', (req, res) => {
      const { name } = req.params; const q = req.query; const p = path.join('/srv', name);
      sink(p); sink(\`a/\${q.file}\`); sink(String(q.n).trim()); sink(['a', name].join('/'));
    });`, ['express req/res: req.params', 'express req/res: q.file', 'express req/res: q.n', 'express req/res: req.params']],
    ['stops at a let, basename, replace and unknown calls', `${EXPRESS}app.get('/x', (req, res) => {
      let a = req.params.a; sink(a); sink(path.basename(req.params.b)); sink(req.params.c.replace(/\\W/g, '')); sink(clean(req.params.d));
    });`, ['express req/res: -', 'express req/res: -', 'express req/res: -', 'express req/res: -']],
    ['fastify route options handler, koa ctx.request.body, express accessor', `import Fastify from 'fastify';
const f = Fastify();
f.route({ method: 'GET', url: '/x', handler: async (request, reply) => sink(request.raw.url) });
f.get('/y', async function (request, reply) { sink(request.headers.host); });`, ['fastify request/reply: request.raw.url', 'fastify request/reply: request.headers.host']],
    ['koa: ctx with no response parameter', `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx, next) => { sink(ctx.request.body.file); sink(ctx.get('x-name')); sink(ctx.state.user); });`, [
      'koa ctx/-: ctx.request.body.file', "koa ctx/-: ctx.get('x-name')", 'koa ctx/-: -',
    ]],
    ['typed handlers: parameter type and RequestHandler', `import type { Request, RequestHandler } from 'express';
export function a(req: Request, res: unknown) { sink(req.params.id); }
export const b: RequestHandler = (req, res) => sink(req.query.id);
export function c(req: { params: { id: string } }) { sink(req.params.id); }`, ['express req/res: req.params.id', 'express req/res: req.query.id', '-: -']],
    ['JavaScript: a handler registered by name on an injected router', `const express = require('express');
function show(req, res) { sink(req.params.id); }
module.exports = (router) => { router.get('/items/:id', show); };`, ['express req/res: req.params.id']],
    ['no framework import: nothing is a handler', `app.get('/x', (req, res) => sink(req.params.id));`, ['-: -']],
    ["another library's get is not a route", `${EXPRESS}import { http } from 'msw';
http.get('/user', ({ request, params }) => sink(params.id));`, ['-: -']],
  ];

  for (const [name, code, expected] of cases) {
    it(name, () => {
      const language = name.startsWith('JavaScript') ? 'javascript' : 'typescript';
      assert.deepStrictEqual(sinks(code, language), expected);
    });
  }
});
