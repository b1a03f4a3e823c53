import { VARIANT_UID, type ProductmdComposeInfo } from '@odcs/pungi';
import { nevraOf, type PackageCandidate } from '../package-set/package-candidate.js';

/** `<arch>/os/Packages/<first letter>/<file>` below the variant dir, as Pungi's hashed_directories lays it out. */
export function packageRelativePath(arch: string, filename: string): string {
  return `${arch}/os/Packages/${filename[0]!.toLowerCase()}/${filename}`;
}

/** compose/metadata/composeinfo.json: the base document with the Temporary variant filled in. */
export function composeInfoDocument(base: ProductmdComposeInfo, arches: readonly string[]): ProductmdComposeInfo {
  const perArch = (suffix: string): Record<string, string> => Object.fromEntries(arches.map((a) => [a, `${VARIANT_UID}/${a}/os${suffix}`]));
  return {
    header: base.header,
    payload: {
      ...base.payload,
      variants: {
        [VARIANT_UID]: {
          id: VARIANT_UID,
          uid: VARIANT_UID,
          name: VARIANT_UID,
          type: 'variant',
          arches: [...arches].sort(),
          paths: { os_tree: perArch(''), packages: perArch('/Packages'), repository: perArch('') },
        },
      },
    },
  };
}

/** compose/metadata/rpms.json: variant → arch → source NEVRA → binary NEVRA → {category, path, sigkey}. */
export function rpmsDocument(
  base: ProductmdComposeInfo,
  content: ReadonlyMap<string, readonly PackageCandidate[]>,
): { header: { type: 'productmd.rpms'; version: string }; payload: unknown } {
  const arches: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [arch, packages] of [...content.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const bySource: Record<string, Record<string, unknown>> = {};
    for (const p of [...packages].sort((a, b) => a.filename.localeCompare(b.filename))) {
      (bySource[p.sourceKey] ??= {})[nevraOf(p)] = {
        category: 'binary',
        path: `${VARIANT_UID}/${packageRelativePath(arch, p.filename)}`,
        sigkey: p.sigkey,
      };
    }
    arches[arch] = bySource;
  }
  return {
    header: { type: 'productmd.rpms', version: base.header.version },
    payload: { compose: base.payload.compose, rpms: { [VARIANT_UID]: arches } },
  };
}

/** compose/metadata/modules.json: variant → arch → N:S:V:C → {metadata, modulemd_path, rpms} (the module's RPMs there). */
export function modulesDocument(
  base: ProductmdComposeInfo,
  content: ReadonlyMap<string, readonly PackageCandidate[]>,
  modules: ReadonlyArray<{ nsvc: string; arches: ReadonlyMap<string, { artifacts: ReadonlySet<string> }> }>,
): { header: { type: 'productmd.modules'; version: string }; payload: unknown } {
  const arches: Record<string, Record<string, unknown>> = {};
  for (const [arch, packages] of [...content.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const byUid: Record<string, unknown> = {};
    for (const m of modules) {
      const artifacts = m.arches.get(arch)?.artifacts;
      if (!artifacts) continue;
      const [name, stream, version, context] = m.nsvc.split(':');
      byUid[m.nsvc] = {
        metadata: { uid: m.nsvc, name, stream, version, context },
        modulemd_path: { binary: `${VARIANT_UID}/${arch}/os/repodata/modules.yaml` },
        rpms: packages
          .filter((p) => artifacts.has(nevraOf(p)))
          .map((p) => p.filename)
          .sort(),
      };
    }
    arches[arch] = byUid;
  }
  return {
    header: { type: 'productmd.modules', version: base.header.version },
    payload: { compose: base.payload.compose, modules: { [VARIANT_UID]: arches } },
  };
}
