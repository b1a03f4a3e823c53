/** Typed views of Koji hub answers (camelCase; ids are numbers even when Koji sends <i8>). */

export interface KojiEvent {
  id: number;
  /** Seconds since the epoch. */
  ts: number;
}

export interface KojiTag {
  id: number;
  name: string;
  /** Tag arches (Koji's space-separated `arches`), empty when unset. */
  arches: string[];
  locked: boolean;
}

/** One link of a tag's full inheritance (Koji `getFullInheritance`), in Koji's order. */
export interface KojiInheritanceLink {
  childId: number;
  parentId: number;
  /** Name of the parent tag. */
  name: string;
  priority: number;
  /** 1 for direct parents of the queried tag. */
  depth: number;
  maxdepth: number | null;
  intransitive: boolean;
  noconfig: boolean;
  pkgFilter: string;
}

export interface KojiBuild {
  id: number;
  packageId: number;
  /** Package (source) name; Koji pathinfo builds the build directory from it. */
  packageName: string;
  name: string;
  version: string;
  release: string;
  epoch: number | null;
  nvr: string;
  /** Koji build state (1 = COMPLETE). */
  state: number;
  /** Storage volume; non-DEFAULT volumes live under `<topurl>/vol/<name>/`. */
  volumeName: string;
  creationEventId: number | null;
  taskId: number | null;
  /** Koji's `extra` (module builds: `typeinfo.module` with name, stream, version, context, modulemd_str). */
  extra: Record<string, unknown> | null;
}

/** A build as listed in a tag: which tag of the inheritance chain provided it. */
export interface KojiTaggedBuild extends KojiBuild {
  tagId: number;
  tagName: string;
}

export interface KojiRpm {
  id: number;
  buildId: number;
  name: string;
  version: string;
  release: string;
  epoch: number | null;
  arch: string;
  /** `<name>-<version>-<release>.<arch>` */
  nvra: string;
  payloadhash: string;
  /** Size of the unsigned file in bytes. */
  size: number;
  buildtime: number;
  externalRepoId: number;
  /** Only from `listTaggedRPMS(..., { rpmsigs: true })`: one row per signature, null when unsigned. */
  sigkey?: string | null;
}

/** A build archive (Koji `listArchives`): module builds keep their modulemd files as `module` archives. */
export interface KojiArchive {
  id: number;
  buildId: number;
  filename: string;
  /** Build type of the archive: `module`, `maven`, `win`, `image`, ... */
  btype: string;
  size: number | null;
}

export interface KojiRpmSignature {
  rpmId: number;
  /** Lower-case key id, as Koji stores it. */
  sigkey: string;
  sighash: string;
}

export interface KojiTaggedRpms {
  rpms: KojiRpm[];
  builds: KojiTaggedBuild[];
}

export interface ListTaggedOptions {
  /** Query the tag as it was at this event (default: now). */
  event?: number;
  /** Follow the tag's inheritance. */
  inherit?: boolean;
  /** Only the latest build of each package (`true`), or the N latest. */
  latest?: boolean | number;
  /** Only builds of this package. */
  package?: string;
  /** Only builds of this type (`module`, `rpm`, ...). */
  type?: string;
}

export interface ListTaggedRpmsOptions extends ListTaggedOptions {
  /** Only RPMs of these arches (e.g. `['x86_64', 'noarch', 'src']`). */
  arch?: string | readonly string[];
  /** One row per signature key, with `sigkey` set (null for unsigned RPMs). */
  rpmsigs?: boolean;
}
