import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/publisher.js';
const KAFKA = `import { Kafka } from 'kafkajs';
const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'kafka: the event has a schemaVersion',
      code: `${KAFKA}
export async function placed(orderId: string) {
  await producer.send({ topic: 'orders', messages: [{ key: orderId, value: JSON.stringify({ type: 'OrderPlaced', schemaVersion: 1, data: { orderId } }) }] });
}`,
    },
    {
      name: 'kafka: the version travels in the message headers',
      code: `${KAFKA}
export async function placed(orderId: string) {
  await producer.send({
    topic: 'orders',
    messages: [{ value: JSON.stringify({ type: 'OrderPlaced', orderId }), headers: { 'schema-version': '2' } }],
  });
}`,
    },
    {
      name: 'a payload without a type field is not judged',
      code: `${KAFKA}
export const track = (orderId: string) => producer.send({ topic: 'clicks', messages: [{ value: JSON.stringify({ orderId, at: Date.now() }) }] });`,
    },
    {
      name: 'a payload that is not a readable literal: a parameter, a spread, a map',
      code: `${KAFKA}
export async function forward(event: OrderEvent, events: OrderEvent[]) {
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(event) }] });
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify({ ...event, type: 'OrderPlaced' }) }] });
  await producer.send({ topic: 'orders', messages: events.map((e) => ({ value: JSON.stringify({ type: e.type }) })) });
}`,
    },
    {
      name: 'a CloudEvent over SNS carries specversion',
      code: `
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const publish = (id: string) => sns.send(new PublishCommand({
  TopicArn: process.env.TOPIC_ARN,
  Message: JSON.stringify({ specversion: '1.0', type: 'com.shop.order.placed', source: '/orders', id, data: { id } }),
}));`,
    },
    {
      name: 'EventBridge: the type is in DetailType, not in the detail',
      code: `
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
const events = new EventBridgeClient({});
export const placed = (orderId: string) => events.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ orderId }) }] }));`,
    },
    {
      name: 'SQS: a version among the message attributes',
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const placed = (orderId: string) => sqs.send(new SendMessageCommand({
  QueueUrl: process.env.QUEUE_URL,
  MessageBody: JSON.stringify({ type: 'OrderPlaced', orderId }),
  MessageAttributes: { schemaVersion: { DataType: 'Number', StringValue: '1' } },
}));`,
    },
    {
      name: 'name with a value that is data, not an event name',
      code: `${KAFKA}
export const renamed = (user: { id: string; name: string }) => producer.send({ topic: 'users', messages: [{ value: JSON.stringify({ id: user.id, name: user.name }) }] });`,
    },
    {
      name: 'amqplib: version inside a nested metadata object, and in the publish options',
      code: `
import amqp from 'amqplib';
const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
export function placed(orderId: string) {
  channel.publish('orders', 'order.placed', Buffer.from(JSON.stringify({ type: 'OrderPlaced', metadata: { version: 3 }, orderId })));
  channel.sendToQueue('audit', Buffer.from(JSON.stringify({ type: 'OrderPlaced', orderId })), { headers: { schemaVersion: 1 } });
}`,
    },
    {
      name: 'a const from another function is not followed',
      code: `${KAFKA}
const template = { type: 'Heartbeat' };
export const beat = () => producer.send({ topic: 'health', messages: [{ value: JSON.stringify(template) }] });`,
    },
    {
      name: 'snake_case schema_version and event_version',
      code: `
const Redis = require('ioredis');
const redis = new Redis();
function placed(orderId) {
  redis.publish('orders', JSON.stringify({ event_type: 'order_placed', schema_version: 1, order_id: orderId }));
  redis.publish('orders', JSON.stringify({ type: 'order_paid', eventVersion: 2, order_id: orderId }));
}
module.exports = { placed };`,
      filename: JS,
    },
    {
      name: 'an in-process EventEmitter is not a broker',
      code: `
import { EventEmitter } from 'node:events';
import { Kafka } from 'kafkajs';
const bus = new EventEmitter();
export const placed = (orderId: string) => bus.emit('order', { type: 'OrderPlaced', orderId });`,
    },
    {
      name: 'Google Pub/Sub and Azure Service Bus with versions',
      code: `
import { PubSub } from '@google-cloud/pubsub';
import { ServiceBusClient } from '@azure/service-bus';
const topic = new PubSub().topic('orders');
const sender = new ServiceBusClient(process.env.SB!).createSender('orders');
export async function placed(orderId: string) {
  await topic.publishMessage({ json: { type: 'OrderPlaced', schemaVersion: 1, orderId } });
  await sender.sendMessages({ body: { type: 'OrderPlaced', orderId }, applicationProperties: { schemaVersion: 1 } });
}`,
    },
    {
      name: 'publishing in a test file',
      code: `${KAFKA}
it('publishes', async () => { await producer.send({ topic: 't', messages: [{ value: JSON.stringify({ type: 'X' }) }] }); });`,
      filename: '/project/src/publisher.spec.ts',
    },
    {
      name: 'a file without a broker library: a send with the kafka shape on some socket',
      code: `
import { socket } from './ws';
export const placed = (orderId: string) => socket.send({ topic: 'orders', messages: [{ value: JSON.stringify({ type: 'OrderPlaced', orderId }) }] });`,
    },
    {
      name: 'a send on another known client is not kafka',
      code: `
import { Kafka } from 'kafkajs';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const save = (body: string) => s3.send({ topic: 'x', messages: [{ value: JSON.stringify({ type: 'Saved' }) }] } as never);`,
    },
  ],
  invalid: [
    {
      name: 'kafka: an inline event on one line',
      code: `${KAFKA}
export const placed = (orderId: string) => producer.send({ topic: 'orders', messages: [{ key: orderId, value: JSON.stringify({ type: 'OrderPlaced', orderId }) }] });`,
      errors: [{ messageId: 'missingVersion', line: 4, text: "type: 'OrderPlaced'" }],
      output: `${KAFKA}
export const placed = (orderId: string) => producer.send({ topic: 'orders', messages: [{ key: orderId, value: JSON.stringify({ type: 'OrderPlaced', schemaVersion: 1, orderId }) }] });`,
    },
    {
      name: 'kafka: the event in a const of the same function, one property per line',
      code: `${KAFKA}
export async function placed(orderId: string, totalCents: number) {
  const event = {
    type: 'OrderPlaced',
    eventId: crypto.randomUUID(),
    data: { orderId, totalCents },
  };
  await producer.send({ topic: 'orders', messages: [{ key: orderId, value: JSON.stringify(event) }] });
}`,
      errors: [{ messageId: 'missingVersion', line: 6 }],
      output: `${KAFKA}
export async function placed(orderId: string, totalCents: number) {
  const event = {
    type: 'OrderPlaced',
    schemaVersion: 1,
    eventId: crypto.randomUUID(),
    data: { orderId, totalCents },
  };
  await producer.send({ topic: 'orders', messages: [{ key: orderId, value: JSON.stringify(event) }] });
}`,
    },
    {
      name: 'kafka: a producer held on this, in a file that uses kafkajs',
      code: `
import type { Producer } from 'kafkajs';
export class OrderEvents {
  constructor(private readonly producer: Producer) {}
  paid(orderId: string) {
    return this.producer.send({ topic: 'orders', messages: [{ value: JSON.stringify({ eventType: 'OrderPaid', orderId }) }] });
  }
}`,
      errors: [{ messageId: 'missingVersion', line: 6, text: "eventType: 'OrderPaid'" }],
      output: `
import type { Producer } from 'kafkajs';
export class OrderEvents {
  constructor(private readonly producer: Producer) {}
  paid(orderId: string) {
    return this.producer.send({ topic: 'orders', messages: [{ value: JSON.stringify({ eventType: 'OrderPaid', schemaVersion: 1, orderId }) }] });
  }
}`,
    },
    {
      name: 'amqplib publish and sendToQueue (JavaScript)',
      code: `
const amqp = require('amqplib');
async function announce(orderId) {
  const connection = await amqp.connect(process.env.AMQP_URL);
  const channel = await connection.createChannel();
  channel.publish('orders', 'order.shipped', Buffer.from(JSON.stringify({ type: 'OrderShipped', orderId })), { persistent: true });
  channel.sendToQueue('audit', Buffer.from(JSON.stringify({ type: 'OrderAudited', orderId })));
}
module.exports = { announce };`,
      filename: JS,
      errors: [
        { messageId: 'missingVersion', line: 6, text: "type: 'OrderShipped'" },
        { messageId: 'missingVersion', line: 7, text: "type: 'OrderAudited'" },
      ],
      output: `
const amqp = require('amqplib');
async function announce(orderId) {
  const connection = await amqp.connect(process.env.AMQP_URL);
  const channel = await connection.createChannel();
  channel.publish('orders', 'order.shipped', Buffer.from(JSON.stringify({ type: 'OrderShipped', schemaVersion: 1, orderId })), { persistent: true });
  channel.sendToQueue('audit', Buffer.from(JSON.stringify({ type: 'OrderAudited', schemaVersion: 1, orderId })));
}
module.exports = { announce };`,
    },
    {
      name: 'SNS PublishCommand',
      code: `
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const refunded = (paymentId: string) =>
  sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify({ type: 'PaymentRefunded', paymentId }) }));`,
      errors: [{ messageId: 'missingVersion', line: 5 }],
      output: `
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const refunded = (paymentId: string) =>
  sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify({ type: 'PaymentRefunded', schemaVersion: 1, paymentId }) }));`,
    },
    {
      name: 'SQS SendMessageCommand and a batch of two entries',
      code: `
import { SQSClient, SendMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function enqueue(id: string) {
  await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: JSON.stringify({ type: 'InvoiceDue', id }) }));
  await sqs.send(new SendMessageBatchCommand({
    QueueUrl: 'q',
    Entries: [
      { Id: '1', MessageBody: JSON.stringify({ type: 'ReminderDue', id }) },
      { Id: '2', MessageBody: JSON.stringify({ type: 'ReminderSent', id }) },
    ],
  }));
}`,
      errors: [
        { messageId: 'missingVersion', line: 5, text: "type: 'InvoiceDue'" },
        { messageId: 'missingVersion', line: 9, text: "type: 'ReminderDue'" },
        { messageId: 'missingVersion', line: 10, text: "type: 'ReminderSent'" },
      ],
      output: `
import { SQSClient, SendMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function enqueue(id: string) {
  await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: JSON.stringify({ type: 'InvoiceDue', schemaVersion: 1, id }) }));
  await sqs.send(new SendMessageBatchCommand({
    QueueUrl: 'q',
    Entries: [
      { Id: '1', MessageBody: JSON.stringify({ type: 'ReminderDue', schemaVersion: 1, id }) },
      { Id: '2', MessageBody: JSON.stringify({ type: 'ReminderSent', schemaVersion: 1, id }) },
    ],
  }));
}`,
    },
    {
      name: 'EventBridge: a detail that names its own type',
      code: `
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
const bus = new EventBridgeClient({});
export const placed = (orderId: string) =>
  bus.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ type: 'OrderPlaced', orderId }) }] }));`,
      errors: [{ messageId: 'missingVersion', line: 5 }],
      output: `
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
const bus = new EventBridgeClient({});
export const placed = (orderId: string) =>
  bus.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ type: 'OrderPlaced', schemaVersion: 1, orderId }) }] }));`,
    },
    {
      name: 'Google Pub/Sub: publishMessage json and publish of a buffer',
      code: `
import { PubSub } from '@google-cloud/pubsub';
const topic = new PubSub().topic('orders');
export async function placed(orderId: string) {
  await topic.publishMessage({ json: { type: 'OrderPlaced', orderId } });
  await topic.publish(Buffer.from(JSON.stringify({ type: 'OrderMirrored', orderId })));
}`,
      errors: [
        { messageId: 'missingVersion', line: 5 },
        { messageId: 'missingVersion', line: 6 },
      ],
      output: `
import { PubSub } from '@google-cloud/pubsub';
const topic = new PubSub().topic('orders');
export async function placed(orderId: string) {
  await topic.publishMessage({ json: { type: 'OrderPlaced', schemaVersion: 1, orderId } });
  await topic.publish(Buffer.from(JSON.stringify({ type: 'OrderMirrored', schemaVersion: 1, orderId })));
}`,
    },
    {
      name: 'Redis pub/sub and Azure Service Bus',
      code: `
import { createClient } from 'redis';
import { ServiceBusClient } from '@azure/service-bus';
const redis = createClient();
const sender = new ServiceBusClient(process.env.SB!).createSender('orders');
export async function placed(orderId: string) {
  await redis.publish('orders', JSON.stringify({ type: 'OrderPlaced', orderId }));
  await sender.sendMessages([{ body: { type: 'OrderPlaced', orderId }, contentType: 'application/json' }]);
}`,
      errors: [
        { messageId: 'missingVersion', line: 7 },
        { messageId: 'missingVersion', line: 8 },
      ],
      output: `
import { createClient } from 'redis';
import { ServiceBusClient } from '@azure/service-bus';
const redis = createClient();
const sender = new ServiceBusClient(process.env.SB!).createSender('orders');
export async function placed(orderId: string) {
  await redis.publish('orders', JSON.stringify({ type: 'OrderPlaced', schemaVersion: 1, orderId }));
  await sender.sendMessages([{ body: { type: 'OrderPlaced', schemaVersion: 1, orderId }, contentType: 'application/json' }]);
}`,
    },
    {
      name: 'a literal event name; the event published twice is reported once',
      code: `${KAFKA}
export async function cancelled(orderId: string) {
  const event = { name: 'OrderCancelled', orderId };
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(event) }] });
  await producer.send({ topic: 'audit', messages: [{ value: JSON.stringify(event) }] });
}`,
      errors: [{ messageId: 'missingVersion', line: 5, text: "name: 'OrderCancelled'" }],
      output: `${KAFKA}
export async function cancelled(orderId: string) {
  const event = { name: 'OrderCancelled', schemaVersion: 1, orderId };
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(event) }] });
  await producer.send({ topic: 'audit', messages: [{ value: JSON.stringify(event) }] });
}`,
    },
    {
      name: 'the type last, with a comment on its line and no trailing comma',
      code: `${KAFKA}
export async function paid(orderId: string) {
  const event = {
    orderId,
    type: 'OrderPaid' // v1 shape
  };
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(event) }] });
}`,
      errors: [{ messageId: 'missingVersion', line: 7 }],
      output: `${KAFKA}
export async function paid(orderId: string) {
  const event = {
    orderId,
    type: 'OrderPaid', // v1 shape
    schemaVersion: 1
  };
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(event) }] });
}`,
    },
    {
      name: 'the type last without a trailing comma, and a comment after a comma',
      code: `${KAFKA}
export async function shipped(orderId: string, type: string) {
  const first = {
    orderId,
    type: 'OrderShipped'
  };
  const second = {
    type, // from the caller
    orderId,
  };
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(first) }, { value: JSON.stringify(second) }] });
}`,
      errors: [
        { messageId: 'missingVersion', line: 7, text: "type: 'OrderShipped'" },
        { messageId: 'missingVersion', line: 10, text: 'type' },
      ],
      output: `${KAFKA}
export async function shipped(orderId: string, type: string) {
  const first = {
    orderId,
    type: 'OrderShipped',
    schemaVersion: 1
  };
  const second = {
    type, // from the caller
    schemaVersion: 1,
    orderId,
  };
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(first) }, { value: JSON.stringify(second) }] });
}`,
    },
    {
      name: 'kafka sendBatch over two topics, snake_case event_type',
      code: `${KAFKA}
export const both = (id: string) => producer.sendBatch({
  topicMessages: [
    { topic: 'a', messages: [{ value: JSON.stringify({ event_type: 'a_happened', id }) }] },
    { topic: 'b', messages: [{ value: JSON.stringify({ event_type: 'b_happened', id, version: 1 }) }] },
  ],
});`,
      errors: [{ messageId: 'missingVersion', line: 6, text: "event_type: 'a_happened'" }],
      output: `${KAFKA}
export const both = (id: string) => producer.sendBatch({
  topicMessages: [
    { topic: 'a', messages: [{ value: JSON.stringify({ event_type: 'a_happened', schemaVersion: 1, id }) }] },
    { topic: 'b', messages: [{ value: JSON.stringify({ event_type: 'b_happened', id, version: 1 }) }] },
  ],
});`,
    },
    {
      name: 'a type from an expression: the message says "This event"',
      code: `${KAFKA}
export const relay = (kind: string, id: string) => producer.send({ topic: 'relay', messages: [{ value: JSON.stringify({ type: kind, id }) }] });`,
      errors: [{ messageId: 'missingVersion', text: 'type: kind' }],
      output: `${KAFKA}
export const relay = (kind: string, id: string) => producer.send({ topic: 'relay', messages: [{ value: JSON.stringify({ type: kind, schemaVersion: 1, id }) }] });`,
    },
    {
      name: 'headers without a version do not count',
      code: `${KAFKA}
export const placed = (id: string) => producer.send({ topic: 'orders', messages: [{ value: JSON.stringify({ type: 'OrderPlaced', id }), headers: { source: 'orders' } }] });`,
      errors: [{ messageId: 'missingVersion' }],
      output: `${KAFKA}
export const placed = (id: string) => producer.send({ topic: 'orders', messages: [{ value: JSON.stringify({ type: 'OrderPlaced', schemaVersion: 1, id }), headers: { source: 'orders' } }] });`,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'order-events.ts': {
    findings: [
      [19, 'missingVersion', "type: 'OrderPlaced'"],
      [43, 'missingVersion', "type: 'OrderRefunded'"],
    ],
  },
  'shipping-publisher.js': {
    findings: [[14, 'missingVersion', "type: 'ShipmentDispatched'"]],
  },
});
