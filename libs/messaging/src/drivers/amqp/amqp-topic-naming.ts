import { CANONICAL_TOPIC_PREFIX } from '../../routing-keys.js';

/** Maps canonical routing keys (`odcs.…`) to the deployment's wire names (`<topicPrefix>.…`). */
export class AmqpTopicNaming {
  constructor(private readonly topicPrefix: string) {}

  toWire(canonicalKey: string): string {
    return this.topicPrefix + canonicalKey.slice(CANONICAL_TOPIC_PREFIX.length);
  }
}
