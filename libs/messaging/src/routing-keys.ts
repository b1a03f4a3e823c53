/** The first segment of every canonical routing key; drivers may rename it on the wire. */
export const CANONICAL_TOPIC_PREFIX = 'odcs';

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
