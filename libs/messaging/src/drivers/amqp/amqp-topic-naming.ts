import { CANONICAL_TOPIC_PREFIX } from '../../routing-keys.js';

/** Maps canonical routing keys (`odcs.…`) to the deployment's wire names (`<topicPrefix>.…`) and back. */
export class AmqpTopicNaming {
  constructor(private readonly topicPrefix: string) {}

  toWire(canonicalKey: string): string {
    return this.topicPrefix + canonicalKey.slice(CANONICAL_TOPIC_PREFIX.length);
  }

  fromWire(wireKey: string): string {
    return wireKey.startsWith(`${this.topicPrefix}.`) ? CANONICAL_TOPIC_PREFIX + wireKey.slice(this.topicPrefix.length) : wireKey;
  }

  /** Binding of the shared work queue: every internal signal. */
  get workBindingPattern(): string {
    return `${this.topicPrefix}.internal.#`;
  }
}
