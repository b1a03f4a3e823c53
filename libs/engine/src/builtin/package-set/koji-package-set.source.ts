import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import { KojiClient, type KojiBuild, type KojiRpm } from '@odcs/koji';
import type { PungiComposeSpec } from '@odcs/pungi';
import { abortable } from '../../common/abortable.js';
import type { PackageCandidate } from './package-candidate.js';
import { nevraOf, nvraOf } from './package-candidate.js';
import { develModulemd, moduleContentBuild, type ModuleContentBuild } from './koji-module-content.js';
import { newestPerNameArch, type PackageSet } from './package-set.js';
import { pickSigkey } from './signatures.js';

const MD5_HEX = /^[0-9a-f]{32}$/i;

/**
 * The package set of a tag or build compose from Koji: the latest builds of the tag at the
 * compose's event (with inheritance unless no_inheritance) plus the requested builds (which
 * replace the tag's build of the same package), or only the requested builds; binary RPMs of
 * the given arches, each with the copy its sigkeys select (the unsigned one, listed in `unsigned`,
 * when no acceptable key signed it).
 */
@Injectable()
export class KojiPackageSetSource {
  constructor(private readonly koji: KojiClient) {}

  async load(spec: PungiComposeSpec, rpmArches: readonly string[], signal: AbortSignal): Promise<PackageSet> {
    const wantSigs = spec.sigkeys.some((k) => k !== '');
    const rows: Array<{ rpm: KojiRpm; build: KojiBuild; sigkeys: Set<string> }> = [];
    const explicit = spec.builds.length > 0 ? await abortable(this.fromBuilds(spec.builds, rpmArches, wantSigs), signal) : [];
    const explicitPackages = new Set(explicit.map((r) => r.build.packageName));
    const modules: ModuleContentBuild[] = [];
    if (spec.sourceType === 'tag') {
      const tag = spec.source[0] ?? '';
      for (const row of await abortable(this.fromTag(tag, spec, rpmArches, wantSigs), signal)) {
        if (!explicitPackages.has(row.build.packageName)) rows.push(row);
      }
    } else if (spec.sourceType === 'module') {
      // Each module's RPMs: its content tag's, narrowed to the artifacts its modulemd lists.
      for (const m of await abortable(Promise.all(spec.source.map((nsvc) => moduleContentBuild(this.koji, nsvc))), signal)) {
        const inTag = await abortable(
          this.fromTag(m.contentTag, { ...spec, kojiEvent: null, flags: ['no_inheritance'] }, rpmArches, wantSigs),
          signal,
        );
        const own = inTag.filter((r) => m.artifacts.has(nevraOf(r.rpm)) !== m.devel);
        rows.push(...own);
        modules.push(
          m.devel
            ? {
                ...m,
                modulemd: develModulemd(
                  m,
                  own.map((r) => nevraOf(r.rpm)),
                ),
                artifacts: new Set(own.map((r) => nevraOf(r.rpm))),
              }
            : m,
        );
      }
    }
    rows.push(...explicit);
    const candidates: PackageCandidate[] = [];
    const unsigned = new Set<string>();
    for (const { rpm, build, sigkeys } of rows) {
      const sigkey = pickSigkey(spec.sigkeys, sigkeys);
      const candidate = this.candidate(rpm, build, sigkey ?? null);
      if (sigkey === undefined) unsigned.add(candidate.filename);
      candidates.push(candidate);
    }
    return { candidates: newestPerNameArch(candidates), unsigned, modules };
  }

  private async fromTag(tag: string, spec: PungiComposeSpec, arches: readonly string[], wantSigs: boolean) {
    const tagged = await this.koji.listTaggedRPMS(tag, {
      event: spec.kojiEvent ?? undefined,
      inherit: !spec.flags.includes('no_inheritance'),
      latest: true,
      arch: arches,
      rpmsigs: wantSigs,
    });
    const builds = new Map(tagged.builds.map((b) => [b.id, b]));
    const byRpm = new Map<number, { rpm: KojiRpm; build: KojiBuild; sigkeys: Set<string> }>();
    for (const rpm of tagged.rpms) {
      const build = builds.get(rpm.buildId);
      if (!build) throw new Error(`Koji listed RPM ${rpm.nvra} of build ${rpm.buildId}, which it did not list`);
      const row = byRpm.get(rpm.id) ?? { rpm, build, sigkeys: new Set<string>() };
      if (rpm.sigkey) row.sigkeys.add(rpm.sigkey.toLowerCase());
      byRpm.set(rpm.id, row);
    }
    return [...byRpm.values()];
  }

  private async fromBuilds(nvrs: readonly string[], arches: readonly string[], wantSigs: boolean) {
    const builds = await this.koji.getBuilds(nvrs);
    const rows: Array<{ rpm: KojiRpm; build: KojiBuild; sigkeys: Set<string> }> = [];
    for (const build of builds) {
      for (const rpm of await this.koji.listRPMs(build.id, arches)) rows.push({ rpm, build, sigkeys: new Set() });
    }
    if (wantSigs && rows.length > 0) {
      const sigs = await this.koji.queryRPMSigsBatch(rows.map((r) => r.rpm.id));
      for (const row of rows) for (const s of sigs.get(row.rpm.id) ?? []) row.sigkeys.add(s.sigkey.toLowerCase());
    }
    return rows;
  }

  private candidate(rpm: KojiRpm, build: KojiBuild, sigkey: string | null): PackageCandidate {
    const ref = { name: build.packageName, version: build.version, release: build.release, volumeName: build.volumeName };
    const url = this.koji.paths.rpmUrlFor(ref, rpm, sigkey);
    return {
      filename: `${nvraOf(rpm)}.rpm`,
      name: rpm.name,
      epoch: rpm.epoch,
      version: rpm.version,
      release: rpm.release,
      arch: rpm.arch,
      sourceKey: `${build.packageName}-${build.epoch ?? 0}:${build.version}-${build.release}.src`,
      origin: url.startsWith('file:') ? { kind: 'file', path: fileURLToPath(url) } : { kind: 'url', url },
      sigkey,
      verify: {
        headerMd5: MD5_HEX.test(rpm.payloadhash) ? rpm.payloadhash.toLowerCase() : undefined,
        size: sigkey === null && rpm.size > 0 ? rpm.size : undefined,
      },
    };
  }
}
