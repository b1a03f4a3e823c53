/**
 * The dependency resolver run by HawkeyDependencyResolver: Python 3 over libdnf's `hawkey`
 * bindings (libsolv). libsolv answers "which packages provide this requirement" (versions,
 * rich/boolean dependencies, file dependencies); the walk around it follows Pungi's `deps`
 * gather: closure of the requested packages over the package set, providers taken from the
 * requirer's own build first (greedy_method = build), then by arch, newest EVR and name;
 * requirements met by a lookaside repository stop there; multilib counterparts added per method.
 * Input: a JSON file (argv[1]); output: JSON on stdout. Exit 3 = hawkey missing.
 */
export const HAWKEY_RESOLVE_SCRIPT = String.raw`
import collections, functools, json, re, sys, tempfile
try:
    import hawkey
except ImportError as error:
    sys.stderr.write("hawkey is not importable: %s\n" % error)
    sys.exit(3)

SONAME = re.compile(r'^[^/()\s]+\.so(\.[^()\s]*)?(\(.*\))?$')
LIBFILE = re.compile(r'^/(usr/)?lib(64)?/[^/]+\.so(\.[^/]*)?$')


def nevra(p):
    return "%s-%s:%s-%s.%s" % (p.name, p.epoch, p.version, p.release, p.arch)


def is_multilib(pkg, methods):
    if 'all' in methods:
        return True
    if 'devel' in methods and (pkg.name.endswith('-devel') or pkg.name.endswith('-static')):
        return True
    if 'runtime' in methods or 'devel' in methods:
        for prov in pkg.provides:
            name = str(prov).split(' ')[0]
            if SONAME.match(name) and '(64bit)' not in name:
                return True
        for path in pkg.files:
            if LIBFILE.match(path):
                return True
    return False


def make_sack(arch, lookaside, cachedir):
    if not lookaside:
        return hawkey.Sack(arch=arch, cachedir=cachedir)
    import dnf
    base = dnf.Base()
    base.conf.cachedir = cachedir
    base.conf.reposdir = []
    base.conf.substitutions['arch'] = arch
    base.conf.substitutions['basearch'] = dnf.rpm.basearch(arch)
    for key, value in list(base.conf.substitutions.items()):
        if not isinstance(value, str):  # releasever is None off Fedora; libdnf wants strings
            del base.conf.substitutions[key]
    for i, url in enumerate(lookaside):
        if url.startswith('/'):
            url = 'file://' + url
        base.repos.add_new_repo('odcs-lookaside-%d' % i, base.conf, baseurl=[url], skip_if_unavailable=False)
    try:
        base.fill_sack(load_system_repo=False, load_available_repos=True)
    except Exception as error:
        raise RuntimeError("Cannot load the lookaside repositories %s: %s" % (' '.join(lookaside), error))
    return base.sack


def resolve_arch(job, spec):
    sack = make_sack(spec['sackArch'], job['lookaside'], tempfile.mkdtemp(dir=job['workDir']))
    pkgset = {}
    for entry in spec['packages']:
        pkgset[sack.add_cmdline_package(entry['path'])] = entry['key']
    compat = set(spec['multilib'])
    methods = set(job['multilibMethods'])
    compat_by_name = {}
    for p in pkgset:
        if p.arch in compat:
            compat_by_name.setdefault(p.name, []).append(p)
    natives = [p for p in pkgset if p.arch not in compat]
    wanted = None if job['roots'] is None else set(job['roots'])
    selected, queue = set(), collections.deque()

    def add(p):
        if p in selected:
            return
        selected.add(p)
        queue.append(p)
        if p.arch not in compat:
            for c in compat_by_name.get(p.name, []):
                if is_multilib(c, methods):
                    add(c)

    def arch_rank(q, requirer):
        if q.arch == requirer.arch:
            return 0
        if q.arch == 'noarch':
            return 1
        return 2 if (q.arch in compat) == (requirer.arch in compat) else 3

    def pick(candidates, requirer):
        pool = [q for q in candidates if q.sourcerpm == requirer.sourcerpm] or candidates

        def order(a, b):
            rank = arch_rank(a, requirer) - arch_rank(b, requirer)
            if rank:
                return rank
            newer = b.evr_cmp(a)
            if newer:
                return newer
            return (a.name > b.name) - (a.name < b.name)
        best = sorted(pool, key=functools.cmp_to_key(order))[0]
        return [q for q in candidates if q is best or (
            q.sourcerpm == best.sourcerpm and arch_rank(q, requirer) == arch_rank(best, requirer))]

    for p in natives:
        if wanted is None or p.name in wanted:
            add(p)
    unresolved, lookaside_used = [], set()
    while queue:
        p = queue.popleft()
        for req in p.requires:
            text = str(req)
            if text.startswith('rpmlib('):
                continue
            providers = hawkey.Query(sack).filter(provides=req).run()
            if text.startswith('/'):
                providers += [q for q in hawkey.Query(sack).filter(file=text).run() if q not in providers]
            # Met by a selected package of a fitting arch (a 32-bit multilib package does not
            # satisfy a native package's requirement).
            if any(q in selected and arch_rank(q, p) < 3 for q in providers):
                continue
            outside = [q for q in providers if q not in pkgset]
            if outside:
                lookaside_used.add(nevra(outside[0]))
                continue
            if not providers:
                unresolved.append({'package': nevra(p), 'requires': text})
                continue
            if job['followDeps']:
                for q in pick(providers, p):
                    add(q)
    return {
        'selected': sorted(pkgset[p] for p in selected),
        'unresolved': unresolved,
        'lookaside': sorted(lookaside_used),
    }


def main():
    with open(sys.argv[1]) as f:
        job = json.load(f)
    try:
        result = {'arches': {spec['arch']: resolve_arch(job, spec) for spec in job['arches']}}
    except Exception as error:
        json.dump({'error': str(error)}, sys.stdout)
        sys.exit(2)
    json.dump(result, sys.stdout)


main()
`;
