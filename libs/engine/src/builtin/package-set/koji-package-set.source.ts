import { fileURLToPath } from 'node:url';
import { Inject, Injectable } from '@nestjs/common';
import { KojiClient, type KojiBuild, type KojiRpm } from '@odcs/koji';
import type { PungiComposeSpec } from '@odcs/pungi';
import { abortable } from '../../common/abortable.js';
import { ENGINE_OPTIONS, type EngineOptions } from '../../engine.options.js';
import type { PackageCandidate } from './package-candidate.js';
import { nevraOf, nvraOf } from './package-candidate.js';
import { develModule, moduleContentBuild, type ModuleContentBuild } from './koji-module-content.js';
import { belongsTo, archPlan } from './arches.js';
import { scratchModuleContent } from './mbs-scratch-module.js';
import { newestPerNameArch, type PackageSet } from './package-set.js';
import { pickSigkey } from './signatures.js';

const MD5_HEX = /^[0-9a-f]{32}$/i;

type Row = { rpm: KojiRpm; build: KojiBuild; sigkeys: Set<string> };

/**
 * The package set of a tag or build compose from Koji: the latest builds of the tag at the
 * compose's event (with inheritance unless no_inheritance) plus the requested builds (which
 * replace the tag's build of the same package), or only the requested builds; binary RPMs of
 * the given arches, each with the copy its sigkeys select (the unsigned one, listed in `unsigned`,
 * when no acceptable key signed it).
 */

@Injectable()
export class KojiPackageSetSource {
  constructor(
    private readonly koji: KojiClient,
    @Inject(ENGINE_OPTIONS) private readonly options: EngineOptions,
  ) {}

  async load(spec: PungiComposeSpec, rpmArches: readonly string[], signal: AbortSignal): Promise<PackageSet> {
    const wantSigs = spec.sigkeys.some((k) => k !== '');
    const rows: Row[] = [];
    const explicit = spec.builds.length > 0 ? await abortable(this.fromBuilds(spec.builds, rpmArches, wantSigs), signal) : [];
    const explicitPackages = new Set(explicit.map((r) => r.build.packageName));
    let modular: { rows: Row[]; modules: ModuleContentBuild[] } = { rows: [], modules: [] };
    if (spec.sourceType === 'tag') {
      const tag = spec.source[0] ?? '';
      for (const row of await abortable(this.fromTag(tag, spec, rpmArches, wantSigs), signal)) {
        if (!explicitPackages.has(row.build.packageName)) rows.push(row);
      }
    } else if (spec.sourceType === 'module') {
      modular = await abortable(this.fromModules(spec, rpmArches, wantSigs), signal);
    }
    rows.push(...explicit);
    const unsigned = new Set<string>();
    const toCandidate = ({ rpm, build, sigkeys }: Row): PackageCandidate => {
      const sigkey = pickSigkey(spec.sigkeys, sigkeys);
      const candidate = this.candidate(rpm, build, sigkey ?? null);
      if (sigkey === undefined) unsigned.add(candidate.filename);
      return candidate;
    };
    const plain = newestPerNameArch(rows.map(toCandidate));
    if (spec.sourceType !== 'module') return { candidates: plain, unsigned };
    // Module RPMs are kept beside non-modular ones of the same name: dnf's modular filtering picks.
    const moduleRpms = [...new Map(modular.rows.map(toCandidate).map((c) => [c.filename, c])).values()];
    const modularFiles = new Set(moduleRpms.map((c) => c.filename));
    return {
      candidates: [...moduleRpms, ...plain.filter((c) => !modularFiles.has(c.filename))],
      unsigned,
      modules: modular.modules,
      modular: modularFiles,
    };
  }

  /**
   * The modules of a module compose (its source and its scratch_modules), each with its modulemd of
   * every compose arch and its RPMs: those of its content tag that the modulemd lists as artifacts
   * (a -devel module: those it leaves out).
   */
  private async fromModules(
    spec: PungiComposeSpec,
    rpmArches: readonly string[],
    wantSigs: boolean,
  ): Promise<{ rows: Row[]; modules: ModuleContentBuild[] }> {
    const arches = [...new Set(spec.arches)];
    const fetch = { timeoutSeconds: this.options.netTimeout, retryIntervalSeconds: this.options.netRetryInterval };
    if (spec.scratchModules.length > 0 && spec.composeType !== 'test') {
      throw new Error(`Only test composes could include scratch module builds (compose_type is ${spec.composeType})`);
    }
    const builds = await Promise.all([
      ...spec.source.map((nsvc) => moduleContentBuild(this.koji, nsvc, { arches, fetch })),
      ...spec.scratchModules.map((nsvc) => scratchModuleContent(this.options.mbsUrl, nsvc, { arches, fetch })),
    ]);
    const multilibArches = spec.multilibMethods.some((m) => m !== 'none') ? spec.multilibArches : [];
    const plans = arches.map((a) => archPlan(a, multilibArches));
    const rows = new Map<string, Row>();
    const modules: ModuleContentBuild[] = [];
    const tagged = await Promise.all(
      builds.map((m) => this.fromTag(m.contentTag, { ...spec, kojiEvent: null, flags: ['no_inheritance'] }, rpmArches, wantSigs)),
    );
    for (const [i, m] of builds.entries()) {
      const inTag = tagged[i]!;
      const own = new Map<string, string[]>();
      for (const plan of plans) {
        const listed = m.arches.get(plan.arch)?.artifacts;
        if (!listed) continue;
        const mine = inTag.filter((r) => belongsTo(plan, r.rpm.arch) && listed.has(nevraOf(r.rpm)) !== m.devel);
        mine.forEach((r) => rows.set(r.rpm.nvra, r));
        own.set(
          plan.arch,
          mine.map((r) => nevraOf(r.rpm)),
        );
      }
      modules.push(m.devel ? develModule(m, own) : m);
    }
    return { rows: [...rows.values()], modules };
  }

  private async fromTag(tag: string, spec: PungiComposeSpec, arches: readonly string[], wantSigs: boolean): Promise<Row[]> {
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
