import { isDevTooling } from '../../knowledge/devTooling';
import { defineRule, JS_FAMILY } from '../rule';
import { FanOutFinder } from './fanOut';
import { mapWithConcurrencyFix } from './mapWithConcurrencyFix';
import { PLimitFixes } from './pLimitFix';

const MAX_SHOWN = 40;

export default defineRule({
  meta: {
    id: 'require-bounded-concurrency',
    description: 'Fan-out over a collection of unknown size needs a concurrency limit.',
    messages: {
      unboundedMap:
        '{{combinator}} starts a remote call for every element of `{{collection}}` at once, and nothing here fixes its size or bounds how many run together (Node\'s default agent has no socket limit). Use mapWithConcurrency or p-limit with a limit sized for the downstream.',
      unboundedLoop:
        'The loop over `{{collection}}` starts all its remote calls before {{combinator}} waits for them, and nothing here fixes its size or bounds how many run together. Use mapWithConcurrency or p-limit with a limit sized for the downstream.',
    },
    defaultSeverity: 'warning',
    section: { instruction: 'distributed-systems', heading: 'Bulkheads and bounded concurrency' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    // `Promise.allSettled` contains the text too: a file without it has nothing to report.
    if (!file.text.includes('Promise.all') || isDevTooling(file)) return {};
    const finder = new FanOutFinder(file);
    const fixes = new PLimitFixes(file);

    return {
      call_expression(call) {
        const fanOut = finder.find(call);
        if (!fanOut) return;
        const data = { combinator: fanOut.combinator.text.replace(/\s+/g, ''), collection: shorten(fanOut.collection.text) };
        if (fanOut.shape === 'loop') {
          context.report({ node: fanOut.combinator, messageId: 'unboundedLoop', data });
          return;
        }
        // p-limit where the project has it; else the section's own helper, written into the file.
        let fix = fixes.fixFor(fanOut.map, fanOut.callback);
        if (!fix && !file.project.dependencies.has('p-limit')) {
          const helper = context.patternHelper('bulkhead');
          fix = helper && mapWithConcurrencyFix(file, fanOut.combinator, fanOut.map, fanOut.collection, fanOut.callback, helper);
        }
        context.report({ node: fanOut.combinator, messageId: 'unboundedMap', data, fixes: fix ? [fix] : [] });
      },
    };
  },
});

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN - 1)}…` : flat;
}
