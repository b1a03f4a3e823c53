/**
 * In-memory Koji data model with event history: tags, inheritance links and tag listings carry
 * create/revoke events, so queries at an older event see the older content (Koji's
 * eventCondition: create_event <= E and (revoke_event is null or revoke_event > E)).
 */
import { createHash } from 'node:crypto';
import type { BuiltRpm } from '../rpms/build-rpms.js';
import { isRpmFixture, type HubBuildFixture, type HubParentFixture, type HubTagFixture, type KojiHubFixture } from './koji-hub-fixture.js';

export interface HubTag {
  id: number;
  name: string;
  arches: string[];
}

export interface HubRpm {
  id: number;
  buildId: number;
  rpm: BuiltRpm;
  sigkeys: string[];
}

export interface HubBuild {
  id: number;
  packageId: number;
  name: string;
  version: string;
  release: string;
  epoch: number | null;
  nvr: string;
  createEvent: number;
  rpms: HubRpm[];
  extra: Record<string, unknown> | null;
  archives: HubArchive[];
}

export interface HubArchive {
  id: number;
  buildId: number;
  filename: string;
  btype: string;
  text: string;
}

interface Historic {
  create: number;
  revoke: number | null;
}
export interface HubListing extends Historic {
  tagId: number;
  buildId: number;
}
export interface HubLink extends Historic {
  childId: number;
  parentId: number;
  priority: number;
}

export class KojiHubState {
  readonly tags = new Map<number, HubTag>();
  readonly builds = new Map<number, HubBuild>();
  readonly listings: HubListing[] = [];
  readonly links: HubLink[] = [];
  private readonly packages = new Map<string, number>();
  private event: number;
  private nextTagId = 1;
  private nextBuildId = 500;
  private nextRpmId = 5000;
  private nextArchiveId = 9000;

  constructor(fixture: KojiHubFixture) {
    this.event = fixture.firstEvent ?? 1000;
    for (const tag of fixture.tags) this.addTag(tag, false);
    for (const tag of fixture.tags) if (tag.parents) this.setParents(tag.name, tag.parents, false);
    for (const build of fixture.builds ?? []) this.addBuild(build);
    for (const { tag, nvr } of fixture.tagged ?? []) this.tagBuild(tag, nvr);
  }

  get lastEvent(): number {
    return this.event;
  }

  /** A new event without content changes (other activity on the hub). */
  advanceEvent(): number {
    return ++this.event;
  }

  addTag(tag: HubTagFixture, withParents = true): HubTag {
    if (this.findTag(tag.name)) throw new Error(`Test hub: tag "${tag.name}" already exists`);
    const id = tag.id ?? this.nextTagId;
    if (this.tags.has(id)) throw new Error(`Test hub: tag id ${id} already used`);
    this.nextTagId = Math.max(this.nextTagId, id + 1);
    const info = { id, name: tag.name, arches: tag.arches ?? [] };
    this.tags.set(id, info);
    if (withParents && tag.parents) this.setParents(tag.name, tag.parents);
    return info;
  }

  /** Replaces the direct parents of a tag; one new event unless called during setup. */
  setParents(tagName: string, parents: HubParentFixture[], bump = true): number {
    const child = this.requireTag(tagName);
    const event = bump ? ++this.event : this.event;
    for (const link of this.links) if (link.childId === child.id && link.revoke === null) link.revoke = event;
    parents.forEach((parent, index) => {
      const parentTag = this.requireTag(parent.name);
      this.links.push({ childId: child.id, parentId: parentTag.id, priority: parent.priority ?? index * 10, create: event, revoke: null });
    });
    return event;
  }

  addBuild(fixture: HubBuildFixture): HubBuild {
    const first = fixture.rpms.map((r) => (isRpmFixture(r) ? r.rpm : r))[0];
    if (!first && !(fixture.name && fixture.version && fixture.release)) throw new Error('Test hub: a build needs at least one RPM');
    const source = first ? parseSourceNvr(first) : { name: '', version: '', release: '' };
    const name = fixture.name ?? source.name;
    const version = fixture.version ?? source.version;
    const release = fixture.release ?? source.release;
    const nvr = `${name}-${version}-${release}`;
    if (this.findBuild(nvr)) throw new Error(`Test hub: build ${nvr} already exists`);
    const id = fixture.id ?? this.nextBuildId;
    this.nextBuildId = Math.max(this.nextBuildId, id + 1);
    if (!this.packages.has(name)) this.packages.set(name, 100 + this.packages.size);
    const build: HubBuild = {
      id,
      packageId: this.packages.get(name)!,
      name,
      version,
      release,
      epoch: fixture.epoch !== undefined ? fixture.epoch : (first?.epoch ?? null),
      nvr,
      createEvent: this.event,
      rpms: [],
      extra: fixture.extra ?? null,
      archives: (fixture.archives ?? []).map((a) => ({
        id: this.nextArchiveId++,
        buildId: id,
        filename: a.filename,
        btype: a.btype ?? 'module',
        text: a.text,
      })),
    };
    for (const entry of fixture.rpms) {
      const rpm = isRpmFixture(entry) ? entry.rpm : entry;
      const own = isRpmFixture(entry) ? (entry.sigkeys ?? []) : [];
      const sigkeys = [...new Set([...own, ...(fixture.signedWith ?? [])].map((k) => k.toLowerCase()))];
      build.rpms.push({ id: this.nextRpmId++, buildId: id, rpm, sigkeys });
    }
    this.builds.set(id, build);
    return build;
  }

  tagBuild(tagName: string, nvr: string): number {
    const tag = this.requireTag(tagName);
    const build = this.requireBuild(nvr);
    if (this.activeListing(tag.id, build.id)) throw new Error(`Test hub: ${nvr} is already tagged into ${tagName}`);
    const event = ++this.event;
    this.listings.push({ tagId: tag.id, buildId: build.id, create: event, revoke: null });
    return event;
  }

  untagBuild(tagName: string, nvr: string): number {
    const tag = this.requireTag(tagName);
    const build = this.requireBuild(nvr);
    const listing = this.activeListing(tag.id, build.id);
    if (!listing) throw new Error(`Test hub: ${nvr} is not tagged into ${tagName}`);
    listing.revoke = ++this.event;
    return listing.revoke;
  }

  findTag(ref: unknown): HubTag | undefined {
    if (typeof ref === 'number') return this.tags.get(ref);
    return [...this.tags.values()].find((t) => t.name === ref);
  }

  findBuild(ref: unknown): HubBuild | undefined {
    if (typeof ref === 'number') return this.builds.get(ref);
    return [...this.builds.values()].find((b) => b.nvr === ref);
  }

  findRpm(id: number): HubRpm | undefined {
    for (const build of this.builds.values()) {
      const rpm = build.rpms.find((r) => r.id === id);
      if (rpm) return rpm;
    }
    return undefined;
  }

  /** Direct parents at an event, ordered by priority. */
  parentsAt(tagId: number, event: number): HubLink[] {
    return this.links.filter((l) => l.childId === tagId && activeAt(l, event)).sort((a, b) => a.priority - b.priority);
  }

  /** Builds tagged into one tag at an event, newest tagging first. */
  listingsAt(tagId: number, event: number): HubListing[] {
    return this.listings.filter((l) => l.tagId === tagId && activeAt(l, event)).sort((a, b) => b.create - a.create);
  }

  changedSince(event: number, tagIds: number[]): boolean {
    const touched = (h: Historic): boolean => h.create > event || (h.revoke !== null && h.revoke > event);
    return (
      this.listings.some((l) => tagIds.includes(l.tagId) && touched(l)) || this.links.some((l) => tagIds.includes(l.childId) && touched(l))
    );
  }

  private activeListing(tagId: number, buildId: number): HubListing | undefined {
    return this.listings.find((l) => l.tagId === tagId && l.buildId === buildId && l.revoke === null);
  }

  private requireTag(name: string): HubTag {
    const tag = this.findTag(name);
    if (!tag) throw new Error(`Test hub: no tag "${name}" in the fixture`);
    return tag;
  }

  private requireBuild(nvr: string): HubBuild {
    const build = this.findBuild(nvr);
    if (!build) throw new Error(`Test hub: no build ${nvr} in the fixture`);
    return build;
  }
}

function activeAt(h: Historic, event: number): boolean {
  return h.create <= event && (h.revoke === null || h.revoke > event);
}

function parseSourceNvr(rpm: BuiltRpm): { name: string; version: string; release: string } {
  if (!rpm.sourcerpm) return { name: rpm.name, version: rpm.version, release: rpm.release };
  const m = /^(.+)-([^-]+)-([^-]+)\.src\.rpm$/.exec(rpm.sourcerpm);
  if (!m) throw new Error(`Test hub: cannot parse sourcerpm ${rpm.sourcerpm}`);
  return { name: m[1]!, version: m[2]!, release: m[3]! };
}

/** A stable stand-in for Koji's sighash (md5 of the signature header). */
export function fakeSighash(rpm: HubRpm, sigkey: string): string {
  return createHash('md5').update(`${sigkey}:${rpm.rpm.payloadhash}`).digest('hex');
}
