import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, findProperty, unwrap } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';
import { importedModules, originModule } from './modules';
import { lookupTable } from '../lookupTable';

/**
 * What publishing a message to a broker looks like in source code, and where its body is: kafkajs
 * `producer.send({ topic, messages: [{ value }] })`, amqplib `channel.publish(exchange, key, content)`,
 * SNS, SQS and EventBridge commands of the AWS SDK v3, Google Pub/Sub, Redis pub/sub and Azure
 * Service Bus. Rules about events (schema versions, idempotency keys) share this knowledge.
 */

export type Broker = 'kafka' | 'rabbitmq' | 'sns' | 'sqs' | 'eventbridge' | 'pubsub' | 'redis' | 'servicebus';

export interface PublishedMessage {
  broker: Broker;
  /** The publishing call, or the `new XxxCommand(...)` expression. */
  node: SyntaxNode;
  /** The value that becomes the message body: `event` in `JSON.stringify(event)`; any expression. */
  payload: SyntaxNode;
  /** The object literal that carries the body with its headers or attributes, when the code writes one. */
  envelope?: SyntaxNode;
}

const BROKER_MODULES = lookupTable<Broker>({
  kafkajs: 'kafka',
  amqplib: 'rabbitmq',
  'amqplib/callback_api': 'rabbitmq',
  '@aws-sdk/client-sns': 'sns',
  '@aws-sdk/client-sqs': 'sqs',
  '@aws-sdk/client-eventbridge': 'eventbridge',
  '@google-cloud/pubsub': 'pubsub',
  ioredis: 'redis',
  redis: 'redis',
  '@azure/service-bus': 'servicebus',
});

/** AWS SDK v3 commands that publish: where the entries are, and which property holds the body. */
const AWS_COMMANDS = lookupTable<{ entries?: string; body: string }>({
  PublishCommand: { body: 'Message' },
  PublishBatchCommand: { entries: 'PublishBatchRequestEntries', body: 'Message' },
  SendMessageCommand: { body: 'MessageBody' },
  SendMessageBatchCommand: { entries: 'Entries', body: 'MessageBody' },
  PutEventsCommand: { entries: 'Entries', body: 'Detail' },
});

/** Publishing method names, for a cheap check before names are resolved. */
const METHODS: ReadonlySet<string> = new Set(['send', 'sendBatch', 'publish', 'sendToQueue', 'publishMessage', 'publishJSON', 'sendMessages']);

const brokersCache = new FileCache<ReadonlySet<Broker>>();

/** The brokers whose client libraries the file imports or requires at its top level; computed once per file. */
export function importedBrokers(file: SourceFile): ReadonlySet<Broker> {
  let found = brokersCache.get(file);
  if (!found) {
    found = new Set([...importedModules(file)].flatMap((m) => (BROKER_MODULES[m] ? [BROKER_MODULES[m]] : [])));
    brokersCache.set(file, found);
  }
  return found;
}

/** The messages `node` (a call or a `new` expression) publishes; empty when it publishes nothing this file can tell. */
export function recognizePublishedMessages(file: SourceFile, node: SyntaxNode): PublishedMessage[] {
  const brokers = importedBrokers(file);
  if (brokers.size === 0) return [];
  if (node.type === 'new_expression') return awsCommandMessages(file, node);
  if (node.type !== 'call_expression') return [];
  const callee = calleeOf(node);
  const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  const receiver = callee?.type === 'member_expression' ? callee.childForFieldName('object') : null;
  if (!receiver || method === undefined || !METHODS.has(method)) return [];
  const args = argumentsOf(node);
  const origin = originModule(file.resolver.valueOf(receiver));
  const known = origin === undefined ? undefined : BROKER_MODULES[origin];
  // A receiver from elsewhere (a parameter, `this.producer`) counts when the file uses the library and the call has its shape.
  const may = (broker: Broker) => known === broker || (origin === undefined && brokers.has(broker));
  const messages: PublishedMessage[] = [];
  const add = (broker: Broker, payload: SyntaxNode | undefined, envelope?: SyntaxNode) => {
    if (payload) messages.push({ broker, node, payload, envelope });
  };
  const first = args[0] && unwrap(args[0]);

  if ((method === 'send' || method === 'sendBatch') && first?.type === 'object' && may('kafka')) {
    const batches = method === 'send' ? [first] : elementsOf(findProperty(first, 'topicMessages')?.value);
    if (method === 'send' && !findProperty(first, 'topic') && known !== 'kafka') return [];
    for (const batch of batches) {
      for (const message of elementsOf(findProperty(batch, 'messages')?.value)) add('kafka', serialised(file, findProperty(message, 'value')?.value), message);
    }
  } else if ((method === 'publish' || method === 'sendToQueue') && may('rabbitmq')) {
    const contentIndex = method === 'publish' ? 2 : 1;
    const options = args[contentIndex + 1] && unwrap(args[contentIndex + 1]);
    add('rabbitmq', args[contentIndex] && serialised(file, args[contentIndex], true), options?.type === 'object' ? options : undefined);
  } else if (method === 'publish' && known === 'redis') {
    add('redis', args[1] && serialised(file, args[1]));
  } else if (method === 'publishMessage' && first?.type === 'object' && may('pubsub')) {
    const json = findProperty(first, 'json')?.value;
    add('pubsub', json ?? serialised(file, findProperty(first, 'data')?.value, true), first);
  } else if (method === 'publishJSON' && may('pubsub')) {
    add('pubsub', args[0]);
  } else if (method === 'publish' && known === 'pubsub') {
    add('pubsub', args[0] && serialised(file, args[0], true));
  } else if (method === 'sendMessages' && first && may('servicebus')) {
    for (const message of first.type === 'array' ? elementsOf(first) : first.type === 'object' ? [first] : []) add('servicebus', findProperty(message, 'body')?.value, message);
  }
  return messages;
}

function awsCommandMessages(file: SourceFile, node: SyntaxNode): PublishedMessage[] {
  const constructor = node.childForFieldName('constructor');
  if (!constructor?.text.endsWith('Command')) return [];
  const value = file.resolver.valueOf(constructor);
  if (value.kind !== 'module' || value.path.length !== 1) return [];
  const broker = BROKER_MODULES[value.module];
  const command = AWS_COMMANDS[value.path[0]];
  const input = argumentsOf(node)[0] && unwrap(argumentsOf(node)[0]);
  if (!command || (broker !== 'sns' && broker !== 'sqs' && broker !== 'eventbridge') || input?.type !== 'object') return [];
  const entries = command.entries ? elementsOf(findProperty(input, command.entries)?.value) : [input];
  return entries.flatMap((entry) => {
    const payload = serialised(file, findProperty(entry, command.body)?.value);
    return payload ? [{ broker, node, payload, envelope: entry }] : [];
  });
}

/** The object literals of an array literal; none when it is not one. */
function elementsOf(array: SyntaxNode | undefined): SyntaxNode[] {
  const node = array && unwrap(array);
  if (node?.type !== 'array') return [];
  return node.namedChildren.flatMap((e) => (e && unwrap(e).type === 'object' ? [unwrap(e)] : []));
}

/** `X` in `JSON.stringify(X)`, and with `inBuffer`, in `Buffer.from(JSON.stringify(X))`. */
function serialised(file: SourceFile, expression: SyntaxNode | undefined, inBuffer = false): SyntaxNode | undefined {
  let node = expression && unwrap(expression);
  if (inBuffer) {
    const inner = node && globalCall(file, node, 'Buffer', 'from');
    if (!inner) return undefined;
    node = unwrap(inner);
  }
  return node && globalCall(file, node, 'JSON', 'stringify');
}

/** The first argument of `<object>.<method>(...)` when `object` is the global of that name. */
function globalCall(file: SourceFile, node: SyntaxNode, object: string, method: string): SyntaxNode | undefined {
  if (node.type !== 'call_expression') return undefined;
  const callee = calleeOf(node);
  if (callee?.type !== 'member_expression' || callee.childForFieldName('property')?.text !== method) return undefined;
  const target = callee.childForFieldName('object');
  if (target?.type !== 'identifier' || target.text !== object || file.resolver.resolve(target)) return undefined;
  return argumentsOf(node)[0];
}
