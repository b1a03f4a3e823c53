/** Koji's result structs (tag, build, rpm) for the test hub, with Koji's field names. */
import { createHash } from 'node:crypto';
import type { HubArchive, HubBuild, HubRpm, HubTag } from './koji-hub-state.js';

const EVENT_TS_BASE = 1_700_000_000;
export function eventTs(event: number): number {
  return EVENT_TS_BASE + event * 60;
}
export function eventTime(event: number): string {
  return new Date(eventTs(event) * 1000).toISOString().replace('T', ' ').replace('Z', '+00:00');
}

/** Python repr of a scalar, as Koji puts it into messages. */
export function pyRepr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : value === null || value === undefined ? 'None' : String(value);
}

export function tagInfo(tag: HubTag): Record<string, unknown> {
  return {
    id: tag.id,
    name: tag.name,
    arches: tag.arches.length ? tag.arches.join(' ') : null,
    extra: {},
    locked: false,
    maven_include_all: false,
    maven_support: false,
    perm: null,
    perm_id: null,
  };
}

export function buildInfo(b: HubBuild): Record<string, unknown> {
  return {
    id: b.id,
    build_id: b.id,
    package_id: b.packageId,
    package_name: b.name,
    name: b.name,
    version: b.version,
    release: b.release,
    epoch: b.epoch,
    nvr: b.nvr,
    state: 1,
    task_id: null,
    owner_id: 1,
    owner_name: 'odcs-test',
    volume_id: 0,
    volume_name: 'DEFAULT',
    source: null,
    extra: b.extra,
    cg_id: null,
    cg_name: null,
    creation_event_id: b.createEvent,
    creation_time: eventTime(b.createEvent),
    creation_ts: eventTs(b.createEvent),
    start_time: eventTime(b.createEvent),
    start_ts: eventTs(b.createEvent),
    completion_time: eventTime(b.createEvent),
    completion_ts: eventTs(b.createEvent),
  };
}

export function rpmInfo(r: HubRpm): Record<string, unknown> {
  return {
    id: r.id,
    build_id: r.buildId,
    buildroot_id: null,
    name: r.rpm.name,
    version: r.rpm.version,
    release: r.rpm.release,
    epoch: r.rpm.epoch,
    arch: r.rpm.arch,
    nvr: r.rpm.nvr,
    payloadhash: r.rpm.payloadhash,
    size: r.rpm.size,
    buildtime: r.rpm.buildtime,
    external_repo_id: 0,
    external_repo_name: 'INTERNAL',
    metadata_only: false,
    extra: null,
  };
}

export function archiveInfo(a: HubArchive): Record<string, unknown> {
  const ext = a.filename.includes('.') ? a.filename.slice(a.filename.lastIndexOf('.') + 1) : '';
  return {
    id: a.id,
    type_id: 1,
    type_name: ext,
    type_extensions: ext,
    type_description: 'Text file',
    build_id: a.buildId,
    buildroot_id: null,
    filename: a.filename,
    size: Buffer.byteLength(a.text),
    checksum: createHash('md5').update(a.text).digest('hex'),
    checksum_type: 0,
    btype: a.btype,
    btype_id: a.btype === 'module' ? 4 : 5,
    metadata_only: false,
    extra: null,
  };
}
