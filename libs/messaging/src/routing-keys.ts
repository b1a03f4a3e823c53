/** The first segment of every canonical routing key; drivers may rename it on the wire. */
export const CANONICAL_TOPIC_PREFIX = 'odcs';

/** Routing keys below this prefix are internal work signals; everything else is a notification. */
export const INTERNAL_ROUTING_KEY_PREFIX = `${CANONICAL_TOPIC_PREFIX}.internal.`;

/** True when the canonical routing key is an internal work signal (it travels to the work queue). */
export function isInternalRoutingKey(routingKey: string): boolean {
  return routingKey.startsWith(INTERNAL_ROUTING_KEY_PREFIX);
}

/**
 * True when `routingKey` matches an AMQP topic `pattern`: words are separated by `.`,
 * `*` matches exactly one word and `#` matches zero or more words.
 */
export function matchesTopic(pattern: string, routingKey: string): boolean {
  return matchWords(pattern.split('.'), 0, routingKey.split('.'), 0);
}

function matchWords(pattern: string[], p: number, key: string[], k: number): boolean {
  if (p === pattern.length) return k === key.length;
  const word = pattern[p];
  if (word === '#') {
    for (let skip = k; skip <= key.length; skip++) {
      if (matchWords(pattern, p + 1, key, skip)) return true;
    }
    return false;
  }
  if (k === key.length) return false;
  return (word === '*' || word === key[k]) && matchWords(pattern, p + 1, key, k + 1);
}
