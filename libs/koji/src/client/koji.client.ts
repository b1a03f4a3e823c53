import { Inject, Injectable, Optional } from '@nestjs/common';
import { KojiFaultError, KojiUnknownBuildsError, KojiUnknownTagError } from '../koji.errors.js';
import { KOJI_CLIENT_OPTIONS, resolveKojiClientOptions, type KojiClientOptions } from '../koji.options.js';
import type { KojiCall } from '../transport/koji-call.js';
import { XmlRpcTransport, type MulticallResult } from '../transport/xmlrpc.transport.js';
import { asList, toArchive, toBuild, toEvent, toInheritanceLink, toRpm, toRpmSignature, toTag, toTaggedBuild } from './koji.mappers.js';
import { KojiPaths } from './koji.paths.js';
import type {
  KojiArchive,
  KojiBuild,
  KojiEvent,
  KojiInheritanceLink,
  KojiRpm,
  KojiRpmSignature,
  KojiTag,
  KojiTaggedRpms,
  KojiTaggedBuild,
  ListTaggedOptions,
  ListTaggedRpmsOptions,
} from './koji.types.js';

/** Read-only client of a Koji hub (anonymous XML-RPC), with Koji's pathinfo URL helpers. */
@Injectable()
export class KojiClient {
  readonly options: KojiClientOptions;
  readonly paths: KojiPaths;
  private readonly transport: XmlRpcTransport;

  constructor(@Optional() @Inject(KOJI_CLIENT_OPTIONS) options: Partial<KojiClientOptions> = {}) {
    this.options = resolveKojiClientOptions(options ?? {});
    this.paths = new KojiPaths(this.options.topUrl);
    this.transport = new XmlRpcTransport({
      url: this.options.hubUrl,
      timeoutMs: this.options.timeoutMs,
      retries: this.options.retries,
      retryDelayMs: this.options.retryDelayMs,
    });
  }

  /** Any hub method, for calls this class does not wrap. */
  call<T = unknown>(method: string, args: readonly unknown[] = [], kwargs?: Readonly<Record<string, unknown>>): Promise<T> {
    return this.transport.call<T>(method, args, kwargs);
  }

  /** Koji multiCall, split into requests of at most `multicallBatchSize` calls. */
  async multicall(calls: readonly KojiCall[]): Promise<MulticallResult[]> {
    const results: MulticallResult[] = [];
    for (let i = 0; i < calls.length; i += this.options.multicallBatchSize) {
      results.push(...(await this.transport.multicall(calls.slice(i, i + this.options.multicallBatchSize))));
    }
    return results;
  }

  async getLastEvent(): Promise<KojiEvent> {
    return toEvent(await this.call('getLastEvent'));
  }

  /** The tag, or null when Koji has no such tag. */
  async getTag(tag: string | number, options: { event?: number } = {}): Promise<KojiTag | null> {
    const raw = await this.call<Record<string, unknown> | null>('getTag', [tag], { event: options.event });
    return raw ? toTag(raw) : null;
  }

  /** All ancestors of a tag in Koji's order (depth-first by priority); the tag itself is not included. */
  async getFullInheritance(tag: number | string, event?: number): Promise<KojiInheritanceLink[]> {
    const raw = await this.onTag(tag, () => this.call('getFullInheritance', [tag], { event }));
    return asList(raw, 'inheritance links').map(toInheritanceLink);
  }

  /** True when any of the tags (builds, inheritance, config) changed after `event`. */
  async tagChangedSinceEvent(event: number, tagIds: readonly number[]): Promise<boolean> {
    return Boolean(await this.call('tagChangedSinceEvent', [event, [...tagIds]]));
  }

  async listTagged(tag: string | number, options: ListTaggedOptions = {}): Promise<KojiTaggedBuild[]> {
    const raw = await this.onTag(tag, () =>
      this.call('listTagged', [tag], {
        event: options.event,
        inherit: options.inherit,
        latest: options.latest,
        package: options.package,
        type: options.type,
      }),
    );
    return asList(raw, 'builds').map(toTaggedBuild);
  }

  async listTaggedRPMS(tag: string | number, options: ListTaggedRpmsOptions = {}): Promise<KojiTaggedRpms> {
    const arch = typeof options.arch === 'string' || options.arch === undefined ? options.arch : [...options.arch];
    const raw = await this.onTag(tag, () =>
      this.call('listTaggedRPMS', [tag], {
        event: options.event,
        inherit: options.inherit,
        latest: options.latest,
        package: options.package,
        arch,
        rpmsigs: options.rpmsigs,
      }),
    );
    const [rpms, builds] = asList(raw, 'rpms and builds') as unknown as [unknown, unknown];
    return { rpms: asList(rpms, 'rpms').map(toRpm), builds: asList(builds, 'builds').map(toTaggedBuild) };
  }

  /** The build (by NVR or id), or null when Koji has no such build. */
  async getBuild(build: string | number): Promise<KojiBuild | null> {
    const raw = await this.call<Record<string, unknown> | null>('getBuild', [build]);
    return raw ? toBuild(raw) : null;
  }

  /** Builds whose NVR matches a glob (Koji `search(..., 'build', 'glob')`): ids and NVRs. */
  async searchBuilds(glob: string): Promise<Array<{ id: number; nvr: string }>> {
    const raw = await this.call<unknown>('search', [glob, 'build', 'glob']);
    return (Array.isArray(raw) ? raw : []).map((r) => {
      const row = r as Record<string, unknown>;
      return { id: Number(row['id']), nvr: String(row['name']) };
    });
  }

  /** Several builds in one multiCall, in the order asked; throws naming every missing NVR. */
  async getBuilds(nvrs: readonly string[]): Promise<KojiBuild[]> {
    const results = await this.multicall(nvrs.map((nvr) => ({ method: 'getBuild', args: [nvr] })));
    const missing: string[] = [];
    const builds: KojiBuild[] = [];
    results.forEach((result, i) => {
      // Koji answers null for an unknown NVR and faults with "invalid format" for a non-NVR.
      const invalid = !result.ok && /^invalid format\b/i.test(result.fault.faultString);
      const value = invalid ? null : unwrap(result);
      if (value) builds.push(toBuild(value as Record<string, unknown>));
      else missing.push(nvrs[i]!);
    });
    if (missing.length > 0) throw new KojiUnknownBuildsError(missing);
    return builds;
  }

  /** RPMs of a build, optionally only some arches (`src` for the source RPM). */
  async listRPMs(buildId: number, arches?: readonly string[]): Promise<KojiRpm[]> {
    const raw = await this.call('listRPMs', [], { buildID: buildId, arches: arches ? [...arches] : undefined });
    return asList(raw, 'rpms').map(toRpm);
  }

  /** Archives of a build, optionally of one build type (`module` for a module build's modulemd files). */
  async listArchives(buildId: number, type?: string): Promise<KojiArchive[]> {
    const raw = await this.call('listArchives', [], { buildID: buildId, type });
    return asList(raw, 'archives').map(toArchive);
  }

  async queryRPMSigs(rpmId: number): Promise<KojiRpmSignature[]> {
    const raw = await this.call('queryRPMSigs', [], { rpm_id: rpmId });
    return asList(raw, 'signatures').map(toRpmSignature);
  }

  /** Signatures of many RPMs via multiCall; every requested id is a key (empty list when unsigned). */
  async queryRPMSigsBatch(rpmIds: readonly number[]): Promise<Map<number, KojiRpmSignature[]>> {
    const ids = [...new Set(rpmIds)];
    const results = await this.multicall(ids.map((id) => ({ method: 'queryRPMSigs', kwargs: { rpm_id: id } })));
    return new Map(ids.map((id, i) => [id, asList(unwrap(results[i]!), 'signatures').map(toRpmSignature)]));
  }

  /** Runs a tag lookup and turns Koji's "No such tagInfo" fault into {@link KojiUnknownTagError}. */
  private async onTag<T>(tag: string | number, lookup: () => Promise<T>): Promise<T> {
    try {
      return await lookup();
    } catch (error) {
      if (error instanceof KojiFaultError && /^No such tagInfo\b/.test(error.faultString))
        throw new KojiUnknownTagError(tag, { cause: error });
      throw error;
    }
  }
}

function unwrap(result: MulticallResult): unknown {
  if (!result.ok) throw result.fault;
  return result.value;
}
