import { importedLlmSdks, recognizeLlmClient, recognizeLlmRequest, type LlmApi, type LlmClient, type LlmProvider, type LlmRequest } from '../../knowledge/llmClients';
import type { SyntaxNode } from '../../parse/parser';
import { findProperty, hasSpread, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { insertArgument, setProperties } from '../require-timeout/insertions';
import { defineRule, JS_FAMILY } from '../rule';

const TIMEOUT = '30_000';
const TOKEN_LIMIT = '1_024';
const SDK_NAMES: Record<LlmProvider, string> = { openai: 'OpenAI', anthropic: 'Anthropic' };

/**
 * The output-token limit each endpoint takes, first the one the fix sets. Anthropic's Messages API
 * requires `max_tokens`, and the legacy Completions API defaults it to 16: neither can be unbounded.
 */
const TOKEN_LIMITS: Partial<Record<LlmApi, readonly string[]>> = {
  chat: ['max_completion_tokens', 'max_tokens'],
  responses: ['max_output_tokens'],
};

/** Whether an options argument sets one of `keys`: `absent` only when it certainly does not. */
type Setting = 'set' | 'absent' | 'unknown';

export default defineRule({
  meta: {
    id: 'require-llm-timeout',
    description: 'Model clients and requests need a timeout, and requests an output-token limit.',
    messages: {
      clientTimeout:
        '{{constructor}} has no timeout: the {{sdk}} Node SDK waits up to 10 minutes per attempt and retries timeouts twice, so one call can hold a request for half an hour.',
      requestTimeout:
        '{{callee}} has no timeout, and neither has its client (line {{line}}): this request can wait up to 10 minutes per attempt, 3 attempts.',
      noTokenLimit:
        '{{callee}} sets no {{limit}}: an unbounded answer is both the slowest and the most expensive one, and a prompt bug that makes the model ramble multiplies the bill without any error.',
    },
    defaultSeverity: 'warning',
    section: { instruction: 'ai-enhanced-backend', heading: 'LLM calls are remote dependencies' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    if (importedLlmSdks(file).size === 0) return {};

    return {
      new_expression(node) {
        const client = recognizeLlmClient(file, node);
        if (!client || setting(client.optionsNode, ['timeout']) !== 'absent') return;
        context.report({
          start: node.startIndex,
          end: client.constructorNode.endIndex,
          messageId: 'clientTimeout',
          data: { constructor: `new ${client.constructorNode.text}()`, sdk: SDK_NAMES[client.provider] },
          fixes: [{ ...clientTimeoutFix(file, client), preferred: true }],
        });
      },
      call_expression(call) {
        const request = recognizeLlmRequest(file, call);
        if (!request) return;
        const callee = request.callee.text.replace(/\s+/g, '');
        // Without the client in view only the Chat Completions shape is unmistakable enough to judge.
        const limits = request.client || request.api === 'chat' ? TOKEN_LIMITS[request.api] : undefined;
        if (limits && request.bodyNode && setting(request.bodyNode, limits) === 'absent') {
          const fix: Fix = {
            title: `Add ${limits[0]}: ${TOKEN_LIMIT} (choose the limit this answer needs)`,
            edits: setProperties(file.text, unwrap(request.bodyNode), [[limits[0], TOKEN_LIMIT]]),
            safe: false,
            preferred: true,
          };
          context.report({ node: underlined(request.callee), messageId: 'noTokenLimit', data: { callee, limit: limits[0] }, fixes: [fix] });
        }
        const { client } = request;
        if (!client || !request.bodyNode || setting(client.optionsNode, ['timeout']) !== 'absent') return;
        if (setting(request.optionsNode, ['timeout', 'signal']) !== 'absent') return;
        context.report({
          node: underlined(request.callee),
          messageId: 'requestTimeout',
          data: { callee, line: String(file.lineOf(client.creation.startIndex) + 1) },
          fixes: [{ ...clientTimeoutFix(file, client), preferred: true }, requestTimeoutFix(file, request)],
        });
      },
    };
  },
});

/** `set` when an object literal has one of `keys` (any value), `unknown` when it is not a literal or spreads another object in. */
function setting(options: SyntaxNode | undefined, keys: readonly string[]): Setting {
  if (!options) return 'absent';
  const object = unwrap(options);
  if (object.type !== 'object') return 'unknown';
  if (keys.some((key) => findProperty(object, key))) return 'set';
  return hasSpread(object) ? 'unknown' : 'absent';
}

/** The same edit for the client's own finding and for every request through it, so applying all of them adds it once. */
function clientTimeoutFix(file: SourceFile, client: LlmClient): Fix {
  const options = client.optionsNode && unwrap(client.optionsNode);
  const withoutArguments = !client.creation.childForFieldName('arguments');
  const edits = options
    ? setProperties(file.text, options, [['timeout', TIMEOUT]])
    : withoutArguments
      ? [{ start: client.constructorNode.endIndex, end: client.constructorNode.endIndex, text: `({ timeout: ${TIMEOUT} })` }]
      : insertArgument(file.text, client.creation, 0, `{ timeout: ${TIMEOUT} }`);
  return { title: `Add timeout: ${TIMEOUT} (30 s) where the client is created (covers every request through it)`, edits, safe: false };
}

function requestTimeoutFix(file: SourceFile, request: LlmRequest): Fix {
  const options = request.optionsNode && unwrap(request.optionsNode);
  const edits = options ? setProperties(file.text, options, [['timeout', TIMEOUT]]) : insertArgument(file.text, request.call, 1, `{ timeout: ${TIMEOUT} }`);
  return { title: `Add { timeout: ${TIMEOUT} } to this request only`, edits, safe: false };
}

/** The callee, or only its method name when a chain spreads it over lines. */
function underlined(callee: SyntaxNode): SyntaxNode {
  const property = callee.type === 'member_expression' ? callee.childForFieldName('property') : null;
  return property && callee.text.includes('\n') ? property : callee;
}
