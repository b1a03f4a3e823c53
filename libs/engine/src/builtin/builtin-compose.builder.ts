import { linkSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { RESULT_REPO_PARTS, composeFiles, type ProductmdComposeInfo } from '@odcs/pungi';
import { allOrFirstError } from '../common/all-or-first-error.js';
import { inBatches } from '../common/in-batches.js';
import { RepoFileWriter } from '../common/repo-file.writer.js';
import { missingPackagesMessage } from '../common/requested-packages.js';
import type { GenerationJob, GenerationProgress } from '../engine.port.js';
import { HawkeyDependencyResolver, type UnresolvedDependency } from './deps/hawkey-dependency.resolver.js';
import { RpmDownloader } from './download/rpm-downloader.js';
import type { ComposeLog } from './output/compose-log.js';
import { composeInfoDocument, modulesDocument, packageRelativePath, rpmsDocument } from './output/productmd.js';
import type { ModuleContentBuild } from './package-set/koji-module-content.js';
import { ModuleDefaultsSource } from './package-set/module-defaults.source.js';
import { belongsTo, packageSetArches, type ArchPlan } from './package-set/arches.js';
import { KojiPackageSetSource } from './package-set/koji-package-set.source.js';
import { nevraOf, nvraOf, type PackageCandidate } from './package-set/package-candidate.js';
import type { PackageSet } from './package-set/package-set.js';
import { RepoPackageSetSource } from './package-set/repo-package-set.source.js';
import { unsignedMessage } from './package-set/signatures.js';
import { CreaterepoRunner } from './repo/createrepo.runner.js';
import { filterSelection, type SelectionPlan } from './selection-plan.js';

export interface BuildRequest {
  job: GenerationJob;
  plan: SelectionPlan;
  /** From {@link BuiltinComposeBuilder.loadPackageSet}, started before the compose dir was set up. */
  packageSet: Promise<PackageSet>;
  /** Partial tree; `compose/` is built below it. */
  root: string;
  base: ProductmdComposeInfo;
  log: ComposeLog;
  signal: AbortSignal;
  onProgress: (p: GenerationProgress) => void;
}

const PROGRESS_INTERVAL_MS = 500;

/** Builds the `compose/` tree of a built-in compose below a partial dir (phases of §8.4 for tag/build/repo). */
@Injectable()
export class BuiltinComposeBuilder {
  constructor(
    private readonly koji: KojiPackageSetSource,
    private readonly repos: RepoPackageSetSource,
    private readonly downloader: RpmDownloader,
    private readonly resolver: HawkeyDependencyResolver,
    private readonly createrepo: CreaterepoRunner,
    private readonly repoFiles: RepoFileWriter,
    private readonly moduleDefaults: ModuleDefaultsSource,
  ) {}

  async build(req: BuildRequest): Promise<void> {
    const { job, plan, log, signal } = req;
    const packageSet = await req.packageSet;
    log.info(
      `[resolve] package set of ${job.spec.sourceType} ${job.spec.source.join(' ')}: ${packageSet.candidates.length} RPMs ` +
        `(${packageSetArches(plan.arches).join(', ')})`,
    );
    const repoRoot = join(req.root, ...RESULT_REPO_PARTS);
    const inRepo = (arch: string, c: PackageCandidate): string => join(repoRoot, packageRelativePath(arch, c.filename));

    // Module composes: each module's RPMs of an arch are those its modulemd there lists; the
    // non-modular candidates (requested builds) are then selected as a tag's are.
    const modules = packageSet.modules ?? [];
    const modular = new Map(plan.arches.map((a) => [a.arch, moduleSelection(a, modules, packageSet.candidates)]));
    const plain: PackageSet = packageSet.modular
      ? { ...packageSet, candidates: packageSet.candidates.filter((c) => !packageSet.modular!.has(c.filename)) }
      : packageSet;
    const solve = plan.needsSolver && plain.candidates.length > 0;
    // Signatures are demanded of what the compose gets (as Pungi does), not of the whole set. The
    // plain-filter selection is always part of it, so it is checked before anything is fetched.
    const filtered = withModules(
      new Map(plan.arches.map((a) => [a.arch, plan.needsSolver ? [] : filterSelection(plan, a, plain.candidates)])),
      modular,
    );
    if (plan.roots === null || !solve) requireSigned(job.spec.sigkeys, packageSet, filtered);
    let content: Map<string, PackageCandidate[]>;
    let stored: (c: PackageCandidate) => string;
    if (solve) {
      // The solver reads every candidate's header: all of them are fetched into a scratch store.
      const store = join(req.root, 'work', 'pkgset');
      stored = (c) => join(store, c.filename);
      await this.fetch(req, unique([...plain.candidates, ...[...modular.values()].flat()]), stored);
      content = withModules(await this.solve(req, plan, plain, stored), modular);
      requireSigned(job.spec.sigkeys, packageSet, content);
    } else {
      // Only the selection is fetched, straight into the Packages dir of its first arch.
      content = filtered;
      const home = new Map<string, string>();
      for (const [arch, packages] of content) for (const c of packages) if (!home.has(c.filename)) home.set(c.filename, inRepo(arch, c));
      stored = (c) => home.get(c.filename)!;
      await this.fetch(req, unique([...content.values()].flat()), stored);
    }
    const missing = missingPackagesMessage(job.spec.packages, new Set([...content.values()].flat().map((c) => c.name)));
    if (missing) throw new Error(missing);

    await placeInRepos(content, stored, inRepo, signal);
    const defaults =
      modules.length > 0 && job.spec.moduleDefaults
        ? await this.moduleDefaults.load(job.spec.moduleDefaults, join(req.root, 'work', 'module_defaults'), signal)
        : [];
    const modulemds = (arch: string): string[] => {
      const own = modules.flatMap((m) => m.arches.get(arch)?.modulemd ?? []);
      return own.length > 0 ? [...own, ...defaults] : [];
    };
    // The repositories of all arches are made at once, and the compose metadata written meanwhile.
    await allOrFirstError(signal, (stop) => [
      ...[...content].map(([arch, packages]) => this.createRepo(req, arch, packages.length, modulemds(arch), stop)),
      this.writeMetadata(req, content, modules),
    ]);
  }

  private async createRepo(
    req: BuildRequest,
    arch: string,
    count: number,
    modulemds: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    const { log } = req;
    req.onProgress({ phase: 'createrepo', message: `Creating the ${arch} repository (${count} packages)` });
    log.info(`[createrepo] ${arch}: ${count} packages`);
    const dir = join(req.root, ...RESULT_REPO_PARTS, arch, 'os');
    await mkdir(join(dir, 'Packages'), { recursive: true });
    await this.createrepo.run(dir, { signal, log: (line) => log.info(line) });
    if (modulemds.length === 0) return;
    const yamlFile = join(await mkdirp(join(req.root, 'work', arch, 'modules')), 'modules.yaml');
    await writeFile(yamlFile, modulemds.map((d) => (d.startsWith('---') ? d : `---\n${d}`)).join(''));
    await this.createrepo.addModules(dir, yamlFile, { signal, log: (line) => log.info(line) });
    log.info(`[createrepo] ${arch}: modules.yaml with ${modulemds.length} modules added`);
  }

  private async writeMetadata(
    req: BuildRequest,
    content: ReadonlyMap<string, readonly PackageCandidate[]>,
    modules: readonly ModuleContentBuild[],
  ): Promise<void> {
    req.onProgress({ phase: 'metadata', message: 'Writing compose metadata' });
    await mkdir(dirname(composeFiles.composeInfo(req.root)), { recursive: true });
    const info = composeInfoDocument(
      req.base,
      req.plan.arches.map((a) => a.arch),
    );
    await allOrFirstError(req.signal, () => [
      writeFile(composeFiles.composeInfo(req.root), `${JSON.stringify(info, null, 4)}\n`),
      writeFile(composeFiles.rpms(req.root), `${JSON.stringify(rpmsDocument(req.base, content), null, 4)}\n`),
      this.repoFiles.write(req.job, req.root),
      ...(modules.length > 0
        ? [
            writeFile(
              join(dirname(composeFiles.rpms(req.root)), 'modules.json'),
              `${JSON.stringify(modulesDocument(req.base, content, modules), null, 4)}\n`,
            ),
          ]
        : []),
    ]);
    req.log.info('[metadata] composeinfo.json, rpms.json and the .repo file written');
  }

  /** The RPMs the compose may draw from (Koji, or a local repository), narrowed to its arches. */
  async loadPackageSet(
    job: GenerationJob,
    plan: SelectionPlan,
    signal: AbortSignal,
    onProgress: (p: GenerationProgress) => void,
  ): Promise<PackageSet> {
    const { spec } = job;
    onProgress({ phase: 'resolve', message: 'Reading the package set' });
    const arches = packageSetArches(plan.arches);
    return spec.sourceType === 'repo' ? this.repos.load(spec.source[0] ?? '', arches) : this.koji.load(spec, arches, signal);
  }

  private async fetch(req: BuildRequest, candidates: readonly PackageCandidate[], stored: (c: PackageCandidate) => string) {
    let last = 0;
    req.onProgress({ phase: 'download', done: 0, total: candidates.length, message: `Fetching ${candidates.length} RPMs` });
    await this.downloader.fetchAll(
      candidates.map((candidate) => ({ candidate, dest: stored(candidate) })),
      {
        signal: req.signal,
        log: (line) => req.log.info(line),
        onFetched: (done, total) => {
          if (done < total && Date.now() - last < PROGRESS_INTERVAL_MS) return;
          last = Date.now();
          req.onProgress({ phase: 'download', done, total, message: `Fetched ${done}/${total} RPMs` });
        },
      },
    );
    req.log.info(`[download] ${candidates.length} RPMs fetched and verified`);
  }

  private async solve(
    req: BuildRequest,
    plan: SelectionPlan,
    set: PackageSet,
    stored: (c: PackageCandidate) => string,
  ): Promise<Map<string, PackageCandidate[]>> {
    req.onProgress({ phase: 'resolve', message: 'Resolving dependencies' });
    const byKey = new Map(set.candidates.map((c) => [c.filename, c]));
    const result = await this.resolver.resolve(
      {
        arches: plan.arches.map((a) => ({
          arch: a.arch,
          sackArch: a.native[0] ?? a.arch,
          multilib: a.multilib,
          packages: set.candidates.filter((c) => belongsTo(a, c.arch)).map((c) => ({ key: c.filename, path: stored(c) })),
        })),
        roots: plan.roots,
        followDeps: plan.followDeps,
        multilibMethods: plan.multilibMethods,
        lookaside: req.job.spec.lookasideRepos,
        workDir: await mkdirp(join(req.root, 'work', 'solver')),
      },
      { signal: req.signal, log: (line) => req.log.info(line) },
    );
    const unresolved = uniqueUnresolved(Object.values(result).flatMap((r) => r.unresolved));
    for (const u of unresolved) req.log.info(`[resolve] ${u.package} requires ${u.requires}, which nothing provides`);
    if (plan.checkDeps && unresolved.length > 0) {
      const lines = unresolved.slice(0, 40).map((u) => `${u.package} requires ${u.requires}`);
      const more = unresolved.length > lines.length ? `\n... and ${unresolved.length - lines.length} more` : '';
      throw new Error(`Unresolved dependencies (check_deps):\n${lines.join('\n')}${more}`);
    }
    return new Map(
      plan.arches.map((a) => [a.arch, (result[a.arch]?.selected ?? []).map((key) => byKey.get(key)).filter((c) => c !== undefined)]),
    );
  }
}

/** Hard-links every selected RPM into the Packages dir of each arch that gets it (in synchronous batches). */
async function placeInRepos(
  content: ReadonlyMap<string, readonly PackageCandidate[]>,
  stored: (c: PackageCandidate) => string,
  inRepo: (arch: string, c: PackageCandidate) => string,
  signal: AbortSignal,
): Promise<void> {
  const links = [...content].flatMap(([arch, packages]) =>
    packages.map((c) => ({ source: stored(c), dest: inRepo(arch, c) })).filter((l) => l.source !== l.dest),
  );
  await Promise.all([...new Set(links.map((l) => dirname(l.dest)))].map((dir) => mkdir(dir, { recursive: true })));
  await inBatches(links, signal, ({ source, dest }) => linkSync(source, dest));
}

async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Fails naming the selected RPMs that no acceptable key signed. */
function requireSigned(sigkeys: readonly string[], set: PackageSet, content: ReadonlyMap<string, readonly PackageCandidate[]>): void {
  const unsigned = [...content.values()].flat().filter((c) => set.unsigned.has(c.filename));
  if (unsigned.length > 0) throw new Error(unsignedMessage(sigkeys, unsigned.map(nvraOf)));
}

/** The RPMs of the modules an arch gets: the artifacts of each module's modulemd of that arch (multilib ones only on multilib arches). */
function moduleSelection(
  arch: ArchPlan,
  modules: readonly ModuleContentBuild[],
  candidates: readonly PackageCandidate[],
): PackageCandidate[] {
  const listed = modules.flatMap((m) => m.arches.get(arch.arch)?.artifacts ?? []);
  if (listed.length === 0) return [];
  return candidates.filter((c) => belongsTo(arch, c.arch) && listed.some((a) => a.has(nevraOf(c))));
}

/** Each arch's selection with its module RPMs added (once). */
function withModules(
  content: ReadonlyMap<string, readonly PackageCandidate[]>,
  modular: ReadonlyMap<string, readonly PackageCandidate[]>,
): Map<string, PackageCandidate[]> {
  return new Map([...content].map(([arch, packages]) => [arch, unique([...(modular.get(arch) ?? []), ...packages])]));
}

function unique(candidates: readonly PackageCandidate[]): PackageCandidate[] {
  return [...new Map(candidates.map((c) => [c.filename, c])).values()];
}

function uniqueUnresolved(list: readonly UnresolvedDependency[]): UnresolvedDependency[] {
  return [...new Map(list.map((u) => [`${u.package}\0${u.requires}`, u])).values()];
}
