/**
 * URLs of build artifacts, following Koji's pathinfo (koji.PathInfo):
 *   build dir  <topurl>[/vol/<volume>]/packages/<name>/<version>/<release>
 *   rpm        <build dir>/<arch>/<nvra>.rpm
 *   signed     <build dir>/data/signed/<sigkey lower-case>/<arch>/<nvra>.rpm
 *   archive    <build dir>/files/<btype>/<filename> (typedir of content generator types such as module)
 */
export interface KojiBuildRef {
  /** Package name of the build (`packageName`, which equals `name` for RPM builds). */
  name: string;
  version: string;
  release: string;
  /** Non-DEFAULT volumes are served under `<topurl>/vol/<volume>/`. */
  volumeName?: string | null;
}

export interface KojiRpmRef {
  name: string;
  version: string;
  release: string;
  arch: string;
}

export class KojiPaths {
  constructor(private readonly topUrl: string) {}

  buildDirUrl(build: KojiBuildRef): string {
    const volume = build.volumeName && build.volumeName !== 'DEFAULT' ? `/vol/${seg(build.volumeName)}` : '';
    return `${this.topUrl.replace(/\/+$/, '')}${volume}/packages/${seg(build.name)}/${seg(build.version)}/${seg(build.release)}`;
  }

  /** An archive of a build (`files/<btype>/<filename>`; Koji's typedir for maven, win and image differs, unused here). */
  archiveUrl(build: KojiBuildRef, btype: string, filename: string): string {
    return `${this.buildDirUrl(build)}/files/${seg(btype)}/${seg(filename)}`;
  }

  /** `<arch>/<nvra>.rpm`, relative to the build directory. */
  rpmRelativePath(rpm: KojiRpmRef): string {
    return `${seg(rpm.arch)}/${seg(`${rpm.name}-${rpm.version}-${rpm.release}.${rpm.arch}.rpm`)}`;
  }

  rpmUrl(build: KojiBuildRef, rpm: KojiRpmRef): string {
    return `${this.buildDirUrl(build)}/${this.rpmRelativePath(rpm)}`;
  }

  signedRpmUrl(build: KojiBuildRef, rpm: KojiRpmRef, sigkey: string): string {
    return `${this.buildDirUrl(build)}/data/signed/${seg(sigkey.toLowerCase())}/${this.rpmRelativePath(rpm)}`;
  }

  /** The signed copy for a key, or the unsigned file when the key is null or empty (ODCS's "" sigkey). */
  rpmUrlFor(build: KojiBuildRef, rpm: KojiRpmRef, sigkey: string | null): string {
    return sigkey ? this.signedRpmUrl(build, rpm, sigkey) : this.rpmUrl(build, rpm);
  }
}

function seg(value: string): string {
  return encodeURIComponent(value).replace(/%2B/g, '+').replace(/%7E/g, '~').replace(/%5E/g, '^');
}
