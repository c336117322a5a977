import { mayMakeHttpCalls, recognizeHttpCall } from '../../knowledge/httpCalls';
import { importedModules } from '../../knowledge/modules';
import { isTestSupportPath, looksLikeBrowserCode } from '../../knowledge/serverSide';
import type { SyntaxNode } from '../../parse/parser';
import { defineRule, JS_FAMILY, type RuleVisitor } from '../rule';
import { cockatielBreakers, lacksFallback, opossumBreaker, type Breaker } from './breakerFallbacks';
import { isEmptyBlock, swallowedRequest, swallowFixes, swallowingCatchCallback } from './swallowedErrors';

/**
 * Failures of remote calls that vanish: (a) an HTTP request whose `catch` block (or `.catch()`
 * callback) holds nothing but comments, so no fallback value, no log and no rethrow; (b) a circuit
 * breaker that nothing handles when it opens (see breakerFallbacks.ts for what counts).
 *
 * Deliberately silent: a `catch` with any statement in it (a value, a log, a rethrow, a state change,
 * a call all count as handling), an empty `catch` inside a loop (it means "go round again": a retry,
 * the next mirror, the next item), a `.catch(() => undefined)` (a fallback value), database and SDK
 * calls (ignoring the failure of a `close()` or a `ROLLBACK` on the way out is normal), browser code,
 * and test files and test support code.
 */
export default defineRule({
  meta: {
    id: 'require-fallback',
    description: 'Failures of remote calls are handled visibly: a logged fallback, never a silent catch.',
    messages: {
      swallowed:
        'This {{handler}} swallows every failure of {{callee}}: no fallback value, no log, no rethrow, so the service looks healthy while the dependency keeps failing. Log the failure and serve a degraded answer, or let the error reach the caller.',
      opossumNoFallback:
        "This circuit breaker has no fallback: while it is open, every fire() rejects at once ('Breaker is open') and nothing in this file handles it. Register {{name}}.fallback(...) with a degraded answer, or catch the rejection where fire() is called.",
      cockatielNoFallback:
        'This circuit breaker has no fallback: while it is open, execute() rejects with BrokenCircuitError and nothing in this file handles it. Wrap it with a fallback policy (wrap(fallback(handleAll, ...), breaker)) or catch isBrokenCircuitError and serve a degraded answer.',
    },
    defaultSeverity: 'warning',
    section: { instruction: 'distributed-systems', heading: 'Graceful degradation and fallbacks' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    if (isTestSupportPath(file)) return {};
    const modules = importedModules(file);
    const visitor: RuleVisitor = {};
    if (mayMakeHttpCalls(file) && !looksLikeBrowserCode(file)) {
      visitor.try_statement = (attempt) => {
        const clause = attempt.childForFieldName('handler');
        const body = clause?.childForFieldName('body');
        if (!clause || !body || !isEmptyBlock(body)) return;
        const http = swallowedRequest(file, attempt);
        if (!http) return;
        const callee = http.callee.text.replace(/\s+/g, '');
        const header = file.text.slice(clause.startIndex, body.startIndex).trimEnd();
        context.report({ start: clause.startIndex, end: clause.startIndex + header.length, messageId: 'swallowed', data: { handler: 'catch', callee }, fixes: swallowFixes(file, clause, callee) });
      };
      visitor.call_expression = (call) => {
        const http = recognizeHttpCall(file, call);
        const handler = http && swallowingCatchCallback(http);
        if (!http || !handler) return;
        const callee = http.callee.text.replace(/\s+/g, '');
        context.report({ node: handler, messageId: 'swallowed', data: { handler: '.catch()', callee }, fixes: swallowFixes(file, handler, callee) });
      };
    }
    const breakers: Breaker[] = [];
    if (modules.has('opossum')) {
      visitor.new_expression = (node) => {
        const breaker = opossumBreaker(file, node);
        if (breaker) breakers.push(breaker);
      };
    }
    if (modules.has('opossum') || modules.has('cockatiel')) {
      visitor['program:exit'] = () => {
        if (modules.has('cockatiel')) breakers.push(...cockatielBreakers(file));
        for (const breaker of breakers) {
          if (!lacksFallback(file, breaker)) continue;
          const { start, end, name } = underline(breaker);
          context.report({ start, end, messageId: breaker.library === 'opossum' ? 'opossumNoFallback' : 'cockatielNoFallback', data: { name } });
        }
      };
    }
    return visitor;
  },
});

/** `new CircuitBreaker` or `circuitBreaker`, and the name the breaker is kept under. */
function underline(breaker: Breaker): { start: number; end: number; name: string } {
  const callee: SyntaxNode | null = breaker.creation.childForFieldName(breaker.library === 'opossum' ? 'constructor' : 'function');
  const name = breaker.holder.kind === 'variable' ? breaker.holder.binding.name : `this.${breaker.holder.name}`;
  return { start: breaker.creation.startIndex, end: callee?.endIndex ?? breaker.creation.endIndex, name };
}
