/**
 * The Koji XML-RPC methods the client uses, with Koji's argument names (positional or keyword,
 * keywords arrive as a trailing struct with `__starstar: true`) and Koji's result shapes.
 */
import { HubFault, REQUIRED, type MethodDef, type Args } from './koji-hub-args.js';
import { archiveInfo, buildInfo, eventTs, pyRepr, rpmInfo, tagInfo } from './koji-hub-records.js';
import { fakeSighash, type HubTag, type KojiHubState } from './koji-hub-state.js';

export { bindArgs, HubFault } from './koji-hub-args.js';

export function createHubMethods(state: KojiHubState): Map<string, MethodDef> {
  const eventOf = (value: unknown): number => (value === null || value === undefined ? state.lastEvent : Number(value));
  const requireTag = (ref: unknown): HubTag => {
    const tag = state.findTag(ref);
    if (!tag) throw new HubFault(1000, `No such tagInfo: ${pyRepr(ref)}`);
    return tag;
  };

  const fullInheritance = (tagId: number, event: number) => {
    const order: Array<Record<string, unknown>> = [];
    const seen = new Set([tagId]);
    const walk = (childId: number, depth: number): void => {
      for (const link of state.parentsAt(childId, event)) {
        if (seen.has(link.parentId)) continue;
        seen.add(link.parentId);
        order.push({
          child_id: childId,
          parent_id: link.parentId,
          name: state.findTag(link.parentId)!.name,
          priority: link.priority,
          currdepth: depth,
          maxdepth: null,
          intransitive: false,
          noconfig: false,
          pkg_filter: '',
          filter: [],
        });
        walk(link.parentId, depth + 1);
      }
    };
    walk(tagId, 1);
    return order;
  };

  const taggedBuilds = (a: Args) => {
    const tag = requireTag(a.tag);
    const event = eventOf(a.event);
    const taglist = [tag.id, ...(a.inherit ? fullInheritance(tag.id, event).map((l) => l.parent_id as number) : [])];
    const latest = a.latest;
    const seen = new Map<number, number>();
    const builds: Array<ReturnType<typeof buildInfo> & { tag_id: number; tag_name: string }> = [];
    for (const tagId of taglist) {
      for (const listing of state.listingsAt(tagId, event)) {
        const build = state.builds.get(listing.buildId)!;
        if (a.package && build.name !== a.package) continue;
        if (a.prefix && !build.name.startsWith(String(a.prefix))) continue;
        if (a.type === 'module' && !(build.extra?.['typeinfo'] as { module?: unknown } | undefined)?.module) continue;
        if (latest) {
          const count = seen.get(build.packageId) ?? 0;
          if ((latest === true && count > 0) || (typeof latest === 'number' && count >= latest)) continue;
          seen.set(build.packageId, count + 1);
        }
        builds.push({ ...buildInfo(build), tag_id: tagId, tag_name: state.findTag(tagId)!.name });
      }
    }
    return { builds, taglist, event };
  };

  const archFilter = (arch: unknown): ((a: string) => boolean) => {
    if (arch === null || arch === undefined) return () => true;
    const allowed = Array.isArray(arch) ? arch.map(String) : [String(arch)];
    return (a) => allowed.includes(a);
  };

  const defs: Record<string, MethodDef> = {
    getLastEvent: {
      params: [['before', null]],
      run: () => ({ id: state.lastEvent, ts: eventTs(state.lastEvent) }),
    },
    getEvent: {
      params: [
        ['id', REQUIRED],
        ['strict', true],
      ],
      run: (a) => {
        const id = Number(a.id);
        if (id > state.lastEvent || id < 1) {
          if (a.strict) throw new HubFault(1000, `No such event: ${id}`);
          return null;
        }
        return { id, ts: eventTs(id) };
      },
    },
    getTag: {
      params: [
        ['tagInfo', REQUIRED],
        ['strict', false],
        ['event', null],
        ['blocked', false],
      ],
      run: (a) => {
        const tag = state.findTag(a.tagInfo);
        if (!tag && a.strict) throw new HubFault(1000, `No such tagInfo: ${pyRepr(a.tagInfo)}`);
        return tag ? tagInfo(tag) : null;
      },
    },
    getInheritanceData: {
      params: [
        ['tag', REQUIRED],
        ['event', null],
      ],
      run: (a) => {
        const tag = requireTag(a.tag);
        return state.parentsAt(tag.id, eventOf(a.event)).map((l) => ({
          child_id: l.childId,
          parent_id: l.parentId,
          name: state.findTag(l.parentId)!.name,
          priority: l.priority,
          maxdepth: null,
          intransitive: false,
          noconfig: false,
          pkg_filter: '',
        }));
      },
    },
    getFullInheritance: {
      params: [
        ['tag', REQUIRED],
        ['event', null],
        ['reverse', false],
      ],
      run: (a) => fullInheritance(requireTag(a.tag).id, eventOf(a.event)),
    },
    tagChangedSinceEvent: {
      params: [
        ['event', REQUIRED],
        ['taglist', REQUIRED],
      ],
      run: (a) => {
        const event = Number(a.event);
        if (event > state.lastEvent) throw new HubFault(1000, `No such event: ${event}`);
        return state.changedSince(event, (a.taglist as unknown[]).map(Number));
      },
    },
    listTagged: {
      params: [
        ['tag', REQUIRED],
        ['event', null],
        ['inherit', false],
        ['prefix', null],
        ['latest', false],
        ['package', null],
        ['owner', null],
        ['type', null],
      ],
      run: (a) => taggedBuilds(a).builds,
    },
    listTaggedRPMS: {
      params: [
        ['tag', REQUIRED],
        ['event', null],
        ['inherit', false],
        ['latest', false],
        ['package', null],
        ['arch', null],
        ['rpmsigs', false],
        ['owner', null],
        ['type', null],
      ],
      run: (a) => {
        const { builds, taglist, event } = taggedBuilds(a);
        const index = new Map(builds.map((b) => [b.build_id, b]));
        const wanted = archFilter(a.arch);
        const rpms: Array<Record<string, unknown>> = [];
        for (const tagId of new Set(taglist)) {
          for (const listing of state.listingsAt(tagId, event)) {
            if (index.get(listing.buildId)?.tag_id !== tagId) continue;
            for (const rpm of state.builds.get(listing.buildId)!.rpms) {
              if (!wanted(rpm.rpm.arch)) continue;
              const { nvr: _nvr, external_repo_id: _id, external_repo_name: _name, ...row } = rpmInfo(rpm);
              if (!a.rpmsigs) rpms.push(row);
              else for (const sigkey of rpm.sigkeys.length ? rpm.sigkeys : [null]) rpms.push({ ...row, sigkey });
            }
          }
        }
        return [rpms, builds];
      },
    },
    getBuild: {
      params: [
        ['buildInfo', REQUIRED],
        ['strict', false],
      ],
      run: (a) => {
        if (typeof a.buildInfo === 'string' && !/^.+-[^-]+-[^-]+$/.test(a.buildInfo)) {
          throw new HubFault(1000, `invalid format: ${a.buildInfo}`);
        }
        const build = state.findBuild(a.buildInfo);
        if (!build && a.strict) throw new HubFault(1000, `No such build: ${pyRepr(a.buildInfo)}`);
        return build ? buildInfo(build) : null;
      },
    },
    search: {
      params: [
        ['terms', REQUIRED],
        ['type', REQUIRED],
        ['matchType', REQUIRED],
        ['queryOpts', null],
      ],
      run: (a) => {
        if (a.type !== 'build' || a.matchType !== 'glob') throw new HubFault(1000, `test hub: search supports build globs only`);
        const glob = new RegExp(
          `^${String(a.terms)
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        );
        return [...state.builds.values()].filter((b) => glob.test(b.nvr)).map((b) => ({ id: b.id, name: b.nvr }));
      },
    },
    listRPMs: {
      params: [
        ['buildID', null],
        ['buildrootID', null],
        ['imageID', null],
        ['componentBuildrootID', null],
        ['hostID', null],
        ['arches', null],
        ['queryOpts', null],
      ],
      run: (a) => {
        const wanted = archFilter(a.arches);
        return [...state.builds.values()]
          .filter((b) => a.buildID === null || b.id === Number(a.buildID))
          .flatMap((b) => b.rpms)
          .filter((r) => wanted(r.rpm.arch))
          .map(rpmInfo);
      },
    },
    listArchives: {
      params: [
        ['buildID', null],
        ['buildrootID', null],
        ['componentBuildrootID', null],
        ['hostID', null],
        ['type', null],
        ['filename', null],
        ['size', null],
        ['checksum', null],
        ['checksum_type', null],
        ['typeInfo', null],
        ['queryOpts', null],
        ['imageID', null],
        ['archiveID', null],
        ['strict', false],
      ],
      run: (a) => {
        const all = [...state.builds.values()].flatMap((b) => b.archives);
        // Koji knows the btypes rpm, maven, win, image and those content generators add (module).
        const known = new Set(['maven', 'win', 'image', 'module', ...all.map((x) => x.btype)]);
        if (a.type !== null && !known.has(String(a.type))) throw new HubFault(1000, `unsupported archive type: ${String(a.type)}`);
        return all
          .filter((x) => a.buildID === null || x.buildId === Number(a.buildID))
          .filter((x) => a.type === null || x.btype === a.type)
          .filter((x) => a.filename === null || x.filename === a.filename)
          .map(archiveInfo);
      },
    },
    getRPM: {
      params: [
        ['rpminfo', REQUIRED],
        ['strict', false],
        ['multi', false],
      ],
      run: (a) => {
        const all = [...state.builds.values()].flatMap((b) => b.rpms);
        const rpm = all.find((r) => (typeof a.rpminfo === 'number' ? r.id === a.rpminfo : r.rpm.nvra === a.rpminfo));
        if (!rpm && a.strict) throw new HubFault(1000, `No such rpm: ${pyRepr(a.rpminfo)}`);
        return rpm ? rpmInfo(rpm) : null;
      },
    },
    queryRPMSigs: {
      params: [
        ['rpm_id', null],
        ['sigkey', null],
        ['queryOpts', null],
      ],
      run: (a) => {
        const rpms = a.rpm_id === null ? [...state.builds.values()].flatMap((b) => b.rpms) : [state.findRpm(Number(a.rpm_id))];
        return rpms.flatMap((rpm) =>
          rpm
            ? rpm.sigkeys
                .filter((k) => a.sigkey === null || k === String(a.sigkey).toLowerCase())
                .map((sigkey) => ({ rpm_id: rpm.id, sigkey, sighash: fakeSighash(rpm, sigkey) }))
            : [],
        );
      },
    },
  };
  return new Map(Object.entries(defs));
}
