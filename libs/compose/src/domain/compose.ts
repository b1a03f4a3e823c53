import type { ComposeProps, NewComposeProps } from './compose-props.js';
import { type ComposeState, canTransition } from './compose-state.js';
import { FLAGS, type FlagName } from './compose-enums.js';
import { IllegalComposeTransitionError } from './compose.errors.js';
import {
  type ComposeDomainEvent,
  ComposeCancelledEvent,
  ComposeCreatedEvent,
  ComposeRemovalRequestedEvent,
  ComposeRenewedEvent,
  ComposeStateChangedEvent,
} from './events/index.js';

/** Lists resolved from a compose's source before generation (pungi_compose). */
export interface ResolvedContent {
  sigkeys: readonly string[];
  arches: readonly string[];
  builds: readonly string[];
  packages: readonly string[];
}

/** The list-strings of resolved content ('' sigkeys, meaning unsigned allowed, survive: joined on single spaces). */
export function resolvedContentProps(content: ResolvedContent): Pick<ComposeProps, 'sigkeys' | 'arches' | 'builds' | 'packages'> {
  return {
    sigkeys: content.sigkeys.join(' '),
    arches: content.arches.join(' '),
    builds: content.builds.join(' ') || null,
    packages: content.packages.join(' ') || null,
  };
}

export const REASON_GENERATING = 'Compose is generating';
export const REASON_STARTED = 'Compose thread started';
export const REASON_DONE = 'Compose is generated successfully';

const laterOf = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

/**
 * The compose aggregate. It is the only writer of `state`: every change goes through
 * transitionTo(), which checks COMPOSE_TRANSITIONS, sets the timestamps of CONTRACT §4.3 and
 * records a ComposeStateChangedEvent.
 */
export class Compose {
  private events: ComposeDomainEvent[] = [];
  /** State as loaded from storage: the guard of the compare-and-set update. */
  private persistedState: ComposeState | null;

  private constructor(
    private props: ComposeProps,
    persisted: boolean,
  ) {
    this.persistedState = persisted ? props.state : null;
  }

  static submit(fields: NewComposeProps, secondsToLive: number, now: Date): Compose {
    return new Compose(
      {
        ...fields,
        id: 0,
        state: 'wait',
        stateReason: null,
        timeSubmitted: now,
        timeToExpire: new Date(now.getTime() + secondsToLive * 1000),
        timeStarted: null,
        timeDone: null,
        timeRemoved: null,
        removedBy: null,
        reusedId: null,
        kojiTaskId: null,
        pungiComposeId: null,
        progress: null,
        attempts: 0,
        leaseOwner: null,
        leaseExpiresAt: null,
        sizeBytes: null,
      },
      false,
    );
  }

  static restore(props: ComposeProps): Compose {
    return new Compose({ ...props }, true);
  }

  get id(): number {
    return this.props.id;
  }
  get state(): ComposeState {
    return this.props.state;
  }
  get expectedPersistedState(): ComposeState | null {
    return this.persistedState;
  }
  snapshot(): Readonly<ComposeProps> {
    return { ...this.props };
  }
  hasFlag(flag: FlagName): boolean {
    return (this.props.flags & FLAGS[flag]) === FLAGS[flag];
  }

  /** Called by the repository once storage gave the compose its id. */
  assignId(id: number, renewedFromId?: number): void {
    this.props.id = id;
    const at = this.props.timeSubmitted.toISOString();
    this.events.push(new ComposeStateChangedEvent(id, null, 'wait', null, at));
    this.events.push(new ComposeCreatedEvent(id, at));
    if (renewedFromId !== undefined) this.events.push(new ComposeRenewedEvent(id, renewedFromId, at));
  }

  /** A copy for PATCH regeneration (CONTRACT §3.3): same content, new lifecycle. */
  copyForRenewal(owner: string, overrides: Partial<Pick<ComposeProps, 'sigkeys' | 'builds' | 'modules'>>, ttl: number, now: Date): Compose {
    const p = this.props;
    return Compose.submit(
      {
        owner,
        sourceType: p.sourceType,
        source: p.source,
        modularKojiTags: p.modularKojiTags,
        moduleDefaultsUrl: p.moduleDefaultsUrl,
        kojiEvent: p.kojiEvent,
        sigkeys: overrides.sigkeys !== undefined ? overrides.sigkeys : p.sigkeys,
        results: p.results,
        packages: p.packages,
        builds: overrides.builds ? overrides.builds : p.builds,
        flags: p.flags,
        arches: p.arches,
        multilibArches: p.multilibArches,
        multilibMethod: p.multilibMethod,
        lookasideRepos: p.lookasideRepos,
        label: p.label,
        composeType: p.composeType,
        pungiConfigDump: p.pungiConfigDump,
        targetDir: p.targetDir,
        scratchModules: p.scratchModules,
        parentPungiComposeIds: p.parentPungiComposeIds,
        scratchBuildTasks: p.scratchBuildTasks,
        modules: overrides.modules ? overrides.modules : p.modules,
        respinOf: p.pungiComposeId,
        baseModuleBrName: p.baseModuleBrName,
        baseModuleBrStream: p.baseModuleBrStream,
        baseModuleBrStreamVersionLte: p.baseModuleBrStreamVersionLte,
        baseModuleBrStreamVersionGte: p.baseModuleBrStreamVersionGte,
        celeryTaskId: null,
      },
      ttl,
      now,
    );
  }

  startGeneration(now: Date, leaseOwner: string, leaseSeconds: number): void {
    this.transitionTo('generating', REASON_STARTED, now);
    this.props.attempts += 1;
    this.props.progress = null;
    this.renewLease(leaseOwner, leaseSeconds, now);
  }

  renewLease(owner: string, leaseSeconds: number, now: Date): void {
    this.props.leaseOwner = owner;
    this.props.leaseExpiresAt = new Date(now.getTime() + leaseSeconds * 1000);
  }

  /** Reason-only update while generating (upstream's "generating → generating"). */
  noteProgress(reason: string | null, progress: string | null): void {
    if (this.props.state !== 'generating') throw new IllegalComposeTransitionError(this.id, this.props.state, 'generating');
    if (reason !== null) this.props.stateReason = reason;
    this.props.progress = progress;
  }

  setKojiEvent(event: number): void {
    this.props.kojiEvent = event;
  }

  /** Content a pungi_compose compose takes over from the compose it points at (CONTRACT §8.3). */
  setResolvedContent(content: ResolvedContent): void {
    Object.assign(this.props, resolvedContentProps(content));
  }

  setPungiConfigDump(dump: string): void {
    this.props.pungiConfigDump = dump;
  }

  /** What generation found out about the content (pulp composes: arches, sigkeys, found sources). */
  overwriteContent(content: Partial<Pick<ComposeProps, 'source' | 'arches' | 'sigkeys'>>): void {
    if (content.source !== undefined) this.props.source = content.source;
    if (content.arches !== undefined) this.props.arches = content.arches;
    if (content.sigkeys !== undefined) this.props.sigkeys = content.sigkeys;
  }

  /** The resolved source (module composes: the N:S:V:C list, CONTRACT §8.3). */
  setSource(source: string): void {
    this.props.source = source;
  }

  setPungiComposeId(id: string | null): void {
    this.props.pungiComposeId = id;
  }

  setSizeBytes(bytes: number | null): void {
    this.props.sizeBytes = bytes;
  }

  completeGeneration(now: Date, reason: string = REASON_DONE): void {
    this.transitionTo('done', reason, now);
  }

  failGeneration(reason: string, now: Date): void {
    this.transitionTo('failed', reason, now);
  }

  /** Backend lost (lease lapsed): back to wait for another attempt. */
  requeueAfterLostLease(reason: string, now: Date): void {
    this.transitionTo('wait', reason, now);
  }

  /** Its backend is shutting down cleanly: back to wait, and this attempt does not count. */
  release(reason: string, now: Date): void {
    this.transitionTo('wait', reason, now);
    this.props.attempts = Math.max(0, this.props.attempts - 1);
  }

  /**
   * Points this compose at an older identical one (CONTRACT §6.4) and lives at least as long as it;
   * the older one is kept as long by its own {@link keepUntilAtLeast} (ReusePropagation.link).
   */
  reuse(older: Readonly<ComposeProps>): void {
    this.props.reusedId = older.id;
    this.props.pungiComposeId = older.pungiComposeId;
    this.props.timeToExpire = laterOf(this.props.timeToExpire, older.timeToExpire);
    // Waiting on another compose, not on a backend: no lease to lose (propagation finishes it).
    this.props.leaseOwner = null;
    this.props.leaseExpiresAt = null;
  }

  /** A compose reusing this one lives until `expiry`: so does this one (its files are shared). */
  keepUntilAtLeast(expiry: Date): void {
    this.props.timeToExpire = laterOf(this.props.timeToExpire, expiry);
  }

  /** Follows the final state of the compose it reuses (CONTRACT §4.3 propagation; see ReusePropagation). */
  followReused(reused: Readonly<ComposeProps>, now: Date): void {
    if (reused.state === 'done') this.completeGeneration(now, reused.stateReason ?? REASON_DONE);
    else if (reused.state === 'failed') this.failGeneration(reused.stateReason ?? 'Reused compose failed', now);
    else if (reused.state === 'removed') this.transitionTo('removed', reused.stateReason, now);
  }

  cancel(by: string, now: Date): void {
    const wasGenerating = this.props.state === 'generating';
    this.transitionTo('failed', `Canceled by ${by}`, now);
    this.events.push(new ComposeCancelledEvent(this.id, by, wasGenerating, now.toISOString()));
  }

  /** Admin DELETE of a finished compose: expires it now; the sweep removes it. */
  requestRemoval(by: string, now: Date): void {
    this.props.timeToExpire = now;
    this.props.removedBy = by;
    this.events.push(new ComposeRemovalRequestedEvent(this.id, by, now.toISOString()));
  }

  markRemoved(now: Date): void {
    const why = this.props.removedBy !== null ? `Removed by ${this.props.removedBy}.` : 'Compose is expired.';
    const old = this.props.stateReason;
    this.transitionTo('removed', old ? `${old}\n${why}` : why, now);
  }

  /**
   * Never shortens (CONTRACT §3.1). Returns whether the expiry moved. Records no event: nothing
   * reacts to a later expiry (the sweep reads time_to_expire), and no notification announces it.
   */
  extendTtl(secondsToLive: number, now: Date): boolean {
    const wanted = new Date(now.getTime() + secondsToLive * 1000);
    if (wanted.getTime() <= this.props.timeToExpire.getTime()) return false;
    this.props.timeToExpire = wanted;
    return true;
  }

  isExpired(now: Date): boolean {
    return (this.props.state === 'done' || this.props.state === 'failed') && this.props.timeToExpire.getTime() <= now.getTime();
  }

  pullEvents(): ComposeDomainEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  /** After a successful save the stored state is the current one. */
  markPersisted(): void {
    this.persistedState = this.props.state;
  }

  private transitionTo(to: ComposeState, reason: string | null, now: Date): void {
    const from = this.props.state;
    if (!canTransition(from, to)) throw new IllegalComposeTransitionError(this.id, from, to);
    this.props.state = to;
    this.props.stateReason = reason;
    if (to === 'generating') this.props.timeStarted = now;
    if (to === 'done') this.props.timeDone = now;
    if (to === 'removed') this.props.timeRemoved = now;
    if (to === 'done' || to === 'failed') {
      const ttl = this.props.timeToExpire.getTime() - this.props.timeSubmitted.getTime();
      this.props.timeToExpire = new Date(now.getTime() + ttl);
    }
    if (to !== 'generating') {
      this.props.leaseOwner = null;
      this.props.leaseExpiresAt = null;
      if (to !== 'wait') this.props.progress = null;
    }
    this.events.push(new ComposeStateChangedEvent(this.id, from, to, reason, now.toISOString()));
  }
}
