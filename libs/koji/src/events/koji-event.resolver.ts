import { Injectable } from '@nestjs/common';
import { KojiClient } from '../client/koji.client.js';
import { KojiConnectionFailedError, KojiFaultError, KojiUnknownTagError } from '../koji.errors.js';

/**
 * Chooses the Koji event a tag compose is built from (CONTRACT §8.3) and answers the reuse
 * question "did the tag or anything it inherits change since event E?" (§6.3).
 *
 * Keeps, per process, the last event chosen for each tag: while neither the tag nor any tag
 * in its inheritance changed, the cached event is reused, so a burst of composes from one tag
 * resolves to the same event and the later ones can reuse the first.
 */
@Injectable()
export class KojiEventResolver {
  private readonly lastEvents = new Map<string, number>();

  constructor(private readonly koji: KojiClient) {}

  /**
   * The event for a compose of `tag`. An explicit event is returned as given, never overridden
   * (and not cached). Throws {@link KojiUnknownTagError} when Koji has no such tag and
   * {@link KojiConnectionFailedError} when Koji answers with a fault.
   */
  async resolveTagEvent(tag: string, explicitEvent?: number | null): Promise<number> {
    if (explicitEvent !== undefined && explicitEvent !== null) return explicitEvent;
    try {
      return await this.resolveLatest(tag);
    } catch (error) {
      if (error instanceof KojiFaultError) throw new KojiConnectionFailedError(error);
      throw error;
    }
  }

  /** False when the tag or any tag in its current inheritance changed after `event`. */
  async isTagUnchangedSince(tag: string, event: number): Promise<boolean> {
    const info = await this.requireTag(tag);
    const ancestors = await this.koji.getFullInheritance(info.id);
    const tagIds = [info.id, ...ancestors.map((link) => link.parentId)];
    return !(await this.koji.tagChangedSinceEvent(event, tagIds));
  }

  /** Koji's latest event id (raw_config composes without an explicit event, §8.3). */
  async lastEvent(): Promise<number> {
    return (await this.koji.getLastEvent()).id;
  }

  /** The event cached for a tag, if any (for diagnostics and tests). */
  cachedEvent(tag: string): number | undefined {
    return this.lastEvents.get(tag);
  }

  /** Forgets cached events: one tag, or all. */
  forget(tag?: string): void {
    if (tag === undefined) this.lastEvents.clear();
    else this.lastEvents.delete(tag);
  }

  private async resolveLatest(tag: string): Promise<number> {
    const cached = this.lastEvents.get(tag);
    let event: number;
    if (cached === undefined) {
      await this.requireTag(tag);
      event = (await this.koji.getLastEvent()).id;
    } else if (await this.isTagUnchangedSince(tag, cached)) {
      event = cached;
    } else {
      event = (await this.koji.getLastEvent()).id;
    }
    this.lastEvents.set(tag, event);
    return event;
  }

  private async requireTag(tag: string): Promise<{ id: number }> {
    const info = await this.koji.getTag(tag);
    if (!info) throw new KojiUnknownTagError(tag);
    return info;
  }
}
