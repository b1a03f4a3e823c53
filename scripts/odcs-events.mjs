#!/usr/bin/env node
// Prints every odcs compose event published on the AMQP exchange as one JSON line on stdout:
//   {"topic":"odcs.compose.state-changed","id":"…","timestamp":"…","body":{"event":"state-changed","compose":{…}}}
//
// Usage: node scripts/odcs-events.mjs [binding-pattern …]     (npm run events)
//   AMQP_URL                      broker URL (default amqp://guest:guest@127.0.0.1:5672)
//   ODCS_MESSAGING_EXCHANGE       exchange name (default odcs)
//   ODCS_MESSAGING_TOPIC_PREFIX   topic prefix (default odcs); the default binding is <prefix>.compose.#
// The queue is exclusive and deleted on exit, so nothing is left behind. Stop with Ctrl-C.
import { connect } from 'amqplib';

const url = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
const exchange = process.env.ODCS_MESSAGING_EXCHANGE || 'odcs';
const prefix = process.env.ODCS_MESSAGING_TOPIC_PREFIX || 'odcs';
const patterns = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [`${prefix}.compose.#`];

function redact(raw) {
  try {
    const parsed = new URL(raw);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return raw;
  }
}

function decode(content) {
  const text = content.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

let connection;
try {
  connection = await connect(url, { clientProperties: { connection_name: 'odcs-events' } });
} catch (error) {
  console.error(`odcs-events: cannot connect to ${redact(url)}: ${error.message}`);
  process.exit(1);
}
let stopping = false;
connection.on('error', () => undefined);
connection.on('close', (error) => {
  if (stopping) return;
  console.error(`odcs-events: lost the connection to ${redact(url)}${error ? `: ${error.message}` : ''}`);
  process.exit(1);
});

const channel = await connection.createChannel();
await channel.assertExchange(exchange, 'topic', { durable: true });
const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
for (const pattern of patterns) await channel.bindQueue(queue, exchange, pattern);
await channel.consume(
  queue,
  (msg) => {
    if (msg === null) return;
    const { timestamp, messageId } = msg.properties;
    const line = {
      topic: msg.fields.routingKey,
      id: messageId ?? null,
      timestamp: typeof timestamp === 'number' ? new Date(timestamp * 1000).toISOString() : null,
      body: decode(msg.content),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  },
  { noAck: true },
);
console.error(`odcs-events: listening on exchange "${exchange}" at ${redact(url)} for ${patterns.join(', ')}`);

async function stop() {
  stopping = true;
  await connection.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
