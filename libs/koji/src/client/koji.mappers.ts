/** Raw Koji structs → typed views. Koji sends big integers as <i8>, which arrive as strings. */
import type {
  KojiBuild,
  KojiEvent,
  KojiInheritanceLink,
  KojiRpm,
  KojiRpmSignature,
  KojiTag,
  KojiTaggedBuild,
  KojiArchive,
} from './koji.types.js';

type Raw = Record<string, unknown>;

function int(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new TypeError(`expected an integer from Koji, got ${JSON.stringify(value)}`);
  return n;
}
function optInt(value: unknown): number | null {
  return value === null || value === undefined || value === '' ? null : int(value);
}
function str(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function toEvent(raw: Raw): KojiEvent {
  return { id: int(raw.id), ts: Number(raw.ts ?? 0) };
}

export function toTag(raw: Raw): KojiTag {
  return {
    id: int(raw.id),
    name: str(raw.name),
    arches: str(raw.arches).split(/\s+/).filter(Boolean),
    locked: Boolean(raw.locked),
  };
}

export function toInheritanceLink(raw: Raw): KojiInheritanceLink {
  return {
    childId: int(raw.child_id),
    parentId: int(raw.parent_id),
    name: str(raw.name),
    priority: int(raw.priority ?? 0),
    depth: int(raw.currdepth ?? 1),
    maxdepth: optInt(raw.maxdepth),
    intransitive: Boolean(raw.intransitive),
    noconfig: Boolean(raw.noconfig),
    pkgFilter: str(raw.pkg_filter),
  };
}

export function toBuild(raw: Raw): KojiBuild {
  const name = str(raw.name ?? raw.package_name);
  return {
    id: int(raw.build_id ?? raw.id),
    packageId: int(raw.package_id),
    packageName: str(raw.package_name ?? name),
    name,
    version: str(raw.version),
    release: str(raw.release),
    epoch: optInt(raw.epoch),
    nvr: str(raw.nvr) || `${name}-${str(raw.version)}-${str(raw.release)}`,
    state: int(raw.state ?? 1),
    volumeName: str(raw.volume_name) || 'DEFAULT',
    creationEventId: optInt(raw.creation_event_id),
    taskId: optInt(raw.task_id),
    extra: raw.extra && typeof raw.extra === 'object' && !Array.isArray(raw.extra) ? (raw.extra as Record<string, unknown>) : null,
  };
}

export function toTaggedBuild(raw: Raw): KojiTaggedBuild {
  return { ...toBuild(raw), tagId: int(raw.tag_id), tagName: str(raw.tag_name) };
}

export function toRpm(raw: Raw): KojiRpm {
  const rpm: KojiRpm = {
    id: int(raw.id),
    buildId: int(raw.build_id),
    name: str(raw.name),
    version: str(raw.version),
    release: str(raw.release),
    epoch: optInt(raw.epoch),
    arch: str(raw.arch),
    nvra: `${str(raw.name)}-${str(raw.version)}-${str(raw.release)}.${str(raw.arch)}`,
    payloadhash: str(raw.payloadhash),
    size: int(raw.size ?? 0),
    buildtime: int(raw.buildtime ?? 0),
    externalRepoId: int(raw.external_repo_id ?? 0),
  };
  if ('sigkey' in raw) rpm.sigkey = raw.sigkey === null || raw.sigkey === undefined ? null : str(raw.sigkey).toLowerCase();
  return rpm;
}

export function toRpmSignature(raw: Raw): KojiRpmSignature {
  return { rpmId: int(raw.rpm_id), sigkey: str(raw.sigkey).toLowerCase(), sighash: str(raw.sighash) };
}

export function toArchive(raw: Raw): KojiArchive {
  return { id: int(raw.id), buildId: int(raw.build_id), filename: str(raw.filename), btype: str(raw.btype), size: optInt(raw.size) };
}

export function asList(value: unknown, what: string): Raw[] {
  if (!Array.isArray(value)) throw new TypeError(`expected a list of ${what} from Koji, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value as Raw[];
}
