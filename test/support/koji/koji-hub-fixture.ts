/** Declarative fixture for the test Koji hub. */
import type { BuiltRpm } from '../rpms/build-rpms.js';

export interface HubTagFixture {
  name: string;
  /** Tag id; assigned from 1 upward when omitted. */
  id?: number;
  arches?: string[];
  /** Direct parents, lower priority number = consulted first (Koji semantics). */
  parents?: HubParentFixture[];
}

export interface HubParentFixture {
  name: string;
  /** Defaults to 10 × the position in the list. */
  priority?: number;
}

export interface HubRpmFixture {
  rpm: BuiltRpm;
  /** Signature keys this RPM is signed with (case-insensitive; Koji stores them lower-case). */
  sigkeys?: string[];
}

export interface HubBuildFixture {
  /** Build id; assigned when omitted. */
  id?: number;
  /** Package (source) name, version and release; derived from the RPMs' sourcerpm when omitted. */
  name?: string;
  version?: string;
  release?: string;
  epoch?: number | null;
  /** Binary and source RPMs of the build (a BuiltRpm alone means unsigned). */
  rpms: Array<BuiltRpm | HubRpmFixture>;
  /** Signature keys applied to every RPM of the build (served under data/signed/<key>/). */
  signedWith?: string[];
  /** Koji's build `extra` (module builds: `{ typeinfo: { module: {...} } }`); module builds may have no RPMs. */
  extra?: Record<string, unknown>;
  /** Archives of the build (module builds: `modulemd.txt`, `modulemd.<arch>.txt`), served under `files/<btype>/`. */
  archives?: HubArchiveFixture[];
}

export interface HubArchiveFixture {
  filename: string;
  /** Koji build type of the archive: `module` for modulemd files (the default). */
  btype?: string;
  /** The file's content. */
  text: string;
}

export interface HubTaggingFixture {
  tag: string;
  nvr: string;
}

export interface KojiHubFixture {
  tags: HubTagFixture[];
  builds?: HubBuildFixture[];
  /** Initial taggings, applied in order; each one is its own Koji event (later = newer). */
  tagged?: HubTaggingFixture[];
  /** Id of the event that exists before any tagging; defaults to 1000. */
  firstEvent?: number;
}

export function isRpmFixture(value: BuiltRpm | HubRpmFixture): value is HubRpmFixture {
  return 'rpm' in value;
}
