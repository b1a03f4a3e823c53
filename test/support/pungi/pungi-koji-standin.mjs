#!/usr/bin/env node
// Scripted stand-in for pungi-koji, for tests. It refuses what pungi-koji 4.3 refuses on its
// command line (unknown options, missing arguments, a label not in productmd's Name-X.Y form,
// a missing --old-composes dir) the way argparse does: usage, `pungi-koji: error: ...` on
// stderr, exit 2, before any log is written. Otherwise it writes into --compose-dir what a real
// Pungi run leaves there.
//
// Behaviour through the environment:
//   PUNGI_STANDIN_MODE=success (default) | fail | sleep   (else a standin_mode = '...' line of the config)
//   PUNGI_STANDIN_SLEEP=<seconds>          sleep mode: how long to sleep (default 3600), then succeed
//   PUNGI_STANDIN_IGNORE_TERM=1            sleep mode: it and its child ignore SIGTERM
//   PUNGI_STANDIN_ERROR=<text>             fail mode: the main error message
//   PUNGI_STANDIN_DROP_PACKAGES="a b"      success: requested packages left out of rpms.json
// Module composes are refused before any log is written (`ERROR: ...` lines on stderr, exit 1), as
// pungi-koji's config validation refuses an inconsistent config: modules in variants.xml not in
// NAME:STREAM[:VERSION[:CONTEXT]] form or an empty <modules/>, a variant with modules whose
// gather_method has no nodeps/hybrid method for them, module globs (<module>*</module>) without
// pkgset_koji_module_tag, pkgset_scratch_modules without mbs_api_url, a module_defaults_dir that
// is not an scm dict or whose local repository does not exist.
// A config's `from <name> import *` must find <name>.conf beside it (raw config wrappers import
// raw_config.conf); the files received are copied to logs/global/config-copy/ and the settings
// dumped to logs/global/config-dump.global.log, as Pungi does.
// Extra files for tests: standin-argv.json (argv received), standin-pids.json (sleep mode:
// {"pid", "pgid", "childPid"}).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COMPOSE_TYPES = {
  '--test': 'test',
  '--ci': 'ci',
  '--nightly': 'nightly',
  '--production': 'production',
  '--development': 'development',
};
const SUFFIXES = { production: '', nightly: '.n', test: '.t', ci: '.ci', development: '.d' };

// What argparse prints before its error line (abridged to the options odcs passes).
const USAGE =
  'usage: pungi-koji [-h] (--target-dir PATH | --compose-dir PATH) [--label LABEL] [--no-label]\n' +
  '                  [--old-composes PATH] --config CONFIG [--skip-phase PHASE] [--just-phase PHASE]\n' +
  '                  [--nightly | --test | --ci | --production | --development] [--koji-event ID]\n' +
  '                  [--no-latest-link] [--parent-compose-id PARENT_COMPOSE_ID] [--respin-of RESPIN_OF] [--quiet]\n';

/** Like argparse's parser.error(): usage, "pungi-koji: error: <message>", exit 2. */
function usageError(message) {
  process.stderr.write(`${USAGE}pungi-koji: error: ${message}\n`);
  process.exit(2);
}

// productmd.composeinfo.verify_label: <milestone>-<major>.<minor>.
const LABEL_NAMES = ['DevelPhaseExit', 'InternalAlpha', 'Alpha', 'InternalSnapshot', 'Beta', 'Snapshot', 'RC', 'Update'];
const isProductmdLabel = (label) => LABEL_NAMES.some((name) => new RegExp(`^${name}-\\d+\\.\\d+$`).test(label));

function parseArgs(argv) {
  const opts = { parents: [], skipPhases: [], justPhases: [], oldComposes: [] };
  const unknown = [];
  const value = (i, name) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) usageError(`argument ${name}: expected one argument`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [name, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (name in COMPOSE_TYPES && inline === undefined) {
      if (opts.composeType) usageError(`argument ${name}: not allowed with argument --${opts.composeType}`);
      opts.composeType = COMPOSE_TYPES[name];
    } else if (name === '--no-latest-link' && inline === undefined) opts.noLatestLink = true;
    else if (name === '--quiet' && inline === undefined) opts.quiet = true;
    else if (name === '--no-label' && inline === undefined) opts.noLabel = true;
    else if (name === '--config') opts.config = inline ?? value(i++, name);
    else if (name === '--compose-dir') opts.composeDir = inline ?? value(i++, name);
    else if (name === '--label') opts.label = inline ?? value(i++, name);
    else if (name === '--respin-of') opts.respinOf = inline ?? value(i++, name);
    else if (name === '--parent-compose-id') opts.parents.push(inline ?? value(i++, name));
    else if (name === '--old-composes') opts.oldComposes.push(inline ?? value(i++, name));
    else if (name === '--skip-phase') opts.skipPhases.push(inline ?? value(i++, name));
    else if (name === '--just-phase') opts.justPhases.push(inline ?? value(i++, name));
    else if (name === '--koji-event') {
      const event = inline ?? value(i++, name);
      if (!/^\d+$/.test(event)) usageError(`argument --koji-event: invalid int value: '${event}'`);
      opts.kojiEvent = Number(event);
    } else unknown.push(arg);
  }
  if (!opts.composeDir) usageError('one of the arguments --target-dir --compose-dir is required');
  if (!opts.config) usageError('the following arguments are required: --config');
  if (unknown.length > 0) usageError(`unrecognized arguments: ${unknown.join(' ')}`);
  // Checked by pungi-koji itself before its log exists, reported through parser.error() too.
  if (opts.label !== undefined && !isProductmdLabel(opts.label)) usageError(`Label in unknown format: ${opts.label}`);
  for (const dir of opts.oldComposes) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      usageError(`The old composes directory does not exist or is not a directory: ${dir}`);
    }
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const composeDir = opts.composeDir;
const configDir = dirname(opts.config);
const logPath = join(composeDir, 'logs', 'global', 'pungi.global.log');
mkdirSync(dirname(logPath), { recursive: true });
writeFileSync(join(composeDir, 'standin-argv.json'), JSON.stringify(process.argv.slice(2)));

const stamp = () => new Date().toISOString().replace('T', ' ').slice(0, 19);
const log = (level, message) => writeFileSync(logPath, `${stamp()} [${level.padEnd(8)}] ${message}\n`, { flag: 'a' });
const write = (path, text) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

if (!existsSync(opts.config)) {
  process.stderr.write(`Config file ${opts.config} does not exist\n`);
  process.exit(1);
}
const config = loadConfig(opts.config);
if (!/^release_name = /m.test(config) && !/"release_name":/.test(config)) {
  process.stderr.write(`Config file ${opts.config} has no release_name\n`);
  process.exit(1);
}
const moduleErrors = checkModules(config);
if (moduleErrors.length > 0) {
  for (const error of moduleErrors) process.stderr.write(`ERROR: ${error}\n`);
  process.exit(1);
}
// What Pungi keeps of its configuration: a copy of the config files and a dump of the settings.
mkdirSync(join(composeDir, 'logs', 'global', 'config-copy'), { recursive: true });
for (const name of readdirSync(configDir).filter((n) => /\.(conf|json)$/.test(n))) {
  copyFileSync(join(configDir, name), join(composeDir, 'logs', 'global', 'config-copy', name));
}
writeFileSync(join(composeDir, 'logs', 'global', 'config-dump.global.log'), JSON.stringify(configDump(config), null, 2));
write(join(composeDir, 'STATUS'), 'STARTED\n');
log('INFO', `Config: ${opts.config}`);
log('INFO', `Compose dir: ${composeDir}`);
process.stdout.write(`Compose dir: ${composeDir}\n`);
process.stderr.write('pungi-koji-standin: running phases\n');

const mode = process.env.PUNGI_STANDIN_MODE || configDump(config).standin_mode || 'success';
if (mode === 'fail') fail();
else if (mode === 'sleep') sleepThenSucceed();
else if (mode === 'success') succeed();
else usageError(`unknown PUNGI_STANDIN_MODE ${mode}`);

/**
 * The config text, with `from <name> import *` lines replaced by <name>.conf of the config dir
 * (as Pungi's config parser does: a raw config wrapper must find raw_config.conf beside it).
 */
function loadConfig(path, depth = 0) {
  const text = readFileSync(path, 'utf8');
  return text.replace(/^from (\w+) import \*$/gm, (_, name) => {
    const included = join(dirname(path), `${name}.conf`);
    if (depth > 5 || !existsSync(included)) {
      process.stderr.write(`Config file ${path} imports ${name}, but ${included} does not exist\n`);
      process.exit(1);
    }
    return loadConfig(included, depth + 1);
  });
}

/**
 * The config's values as Python reads them (read_pungi_conf.py, kobo's rules), tuples as arrays
 * and dicts as objects; null when it is not plain literals (a raw config may hold any Python).
 */
function configValues(text) {
  if (text.trimStart().startsWith('{')) return JSON.parse(text);
  const script = join(dirname(fileURLToPath(import.meta.url)), 'read_pungi_conf.py');
  const run = spawnSync('python3', [script], { input: text, encoding: 'utf8' });
  if (run.status !== 0) return null;
  const decode = (v) =>
    Array.isArray(v)
      ? v.map(decode)
      : v && typeof v === 'object'
        ? 'tuple' in v
          ? v.tuple.map(decode)
          : Object.fromEntries(v.dict.map(([k, x]) => [k, decode(x)]))
        : v;
  return Object.fromEntries(JSON.parse(run.stdout).kobo.map(([k, v]) => [k, decode(v)]));
}

/** Python's repr of a decoded config value, for Pungi-style messages. */
function pyRepr(v) {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `'${k}': ${pyRepr(x)}`)
      .join(', ')}}`;
  return String(v);
}

/** Why pungi-koji would refuse this module compose configuration (empty: consistent, or no modules). */
function checkModules(text) {
  const variantsPath = join(configDir, 'variants.xml');
  const variantsXml = existsSync(variantsPath) ? readFileSync(variantsPath, 'utf8') : '';
  const mentionsModules =
    /<modules\b/.test(variantsXml) || /^(pkgset_koji_module_tag|pkgset_scratch_modules|module_defaults_dir)\b/m.test(text);
  if (!mentionsModules) return [];
  const conf = configValues(text);
  if (!conf) return [];
  const errors = [];
  const variants = [...variantsXml.matchAll(/<variant\b[^>]*\bid="([^"]*)"[^>]*>([\s\S]*?)<\/variant>/g)].map((m) => ({
    id: m[1],
    body: m[2],
  }));
  const globVariants = [];
  for (const variant of variants) {
    const blocks = [...variant.body.matchAll(/<modules\s*(\/>|>([\s\S]*?)<\/modules>)/g)];
    if (blocks.length === 0) continue;
    const modules = blocks.flatMap((b) => xmlValues(b[2] ?? '', 'module'));
    if (modules.length === 0 && !blocks.some((b) => /<kojitag\b/.test(b[2] ?? ''))) {
      errors.push(
        `variants.xml: Element modules content does not follow the DTD, expecting (module | kojitag)+, got () in variant ${variant.id}`,
      );
      continue;
    }
    for (const module of modules) {
      if (/[*?[]/.test(module)) {
        globVariants.push(variant.id);
        continue;
      }
      const parts = module.split(':');
      if (
        parts.length < 2 ||
        parts.length > 4 ||
        parts.some((p) => !/^[^\s:]+$/.test(p)) ||
        (parts[2] !== undefined && !/^\d+$/.test(parts[2]))
      ) {
        errors.push(`Module string "${module}" is not recognized. Only NAME:STREAM[:VERSION[:CONTEXT]] is allowed.`);
      }
    }
    const method = gatherMethodFor(conf.gather_method, variant.id);
    if (!['nodeps', 'hybrid'].includes(method)) {
      errors.push(
        `Variant ${variant.id} has modules, but gather_method=${pyRepr(conf.gather_method)} has no nodeps or hybrid method for the module source.`,
      );
    }
  }
  const moduleTags = conf.pkgset_koji_module_tag;
  if (globVariants.length > 0 && !(Array.isArray(moduleTags) ? moduleTags.length > 0 : Boolean(moduleTags))) {
    errors.push(`Variant ${globVariants[0]} lists modules by glob, which are taken from pkgset_koji_module_tag, but it is not set.`);
  }
  if (conf.pkgset_scratch_modules && !conf.mbs_api_url) {
    errors.push(`Config option pkgset_scratch_modules=${pyRepr(conf.pkgset_scratch_modules)} requires mbs_api_url which is not set.`);
  }
  const defaults = conf.module_defaults_dir;
  if (defaults !== undefined) errors.push(...checkScmDict('module_defaults_dir', defaults));
  return errors;
}

/** The gather method of a variant for the module source: a plain string, or the variant's entry of a dict. */
function gatherMethodFor(value, variantId) {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return null;
  for (const [pattern, method] of Object.entries(value)) {
    if (!new RegExp(pattern).test(variantId)) continue;
    return typeof method === 'string' ? method : (method?.module ?? null);
  }
  return null;
}

/** An scm dict (scm git/file/rpm, repo, dir) whose local repository or directory exists. */
function checkScmDict(name, value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return [`Failed validation in ${name}: ${pyRepr(value)} is not of type 'object'`];
  }
  if (!['git', 'file', 'rpm'].includes(value.scm))
    return [`Failed validation in ${name}.scm: ${pyRepr(value.scm)} is not one of ['file', 'git', 'rpm']`];
  if (value.scm === 'git') {
    if (typeof value.repo !== 'string' || !value.repo) return [`Failed validation in ${name}: 'repo' is a required property`];
    const local = value.repo.startsWith('file://') ? fileURLToPath(value.repo) : isAbsolute(value.repo) ? value.repo : null;
    if (local !== null) {
      const probe = spawnSync('git', ['ls-remote', '--exit-code', local, ...(value.branch ? [value.branch] : [])], { encoding: 'utf8' });
      if (!existsSync(local) || probe.status === 128) return [`Failed to get ${name}: git repository ${value.repo} does not exist`];
    }
  } else if (value.scm === 'file' && typeof value.dir === 'string' && isAbsolute(value.dir) && !existsSync(value.dir)) {
    return [`Failed to get ${name}: directory ${value.dir} does not exist`];
  }
  return [];
}

/** Top-level plain assignments (or the JSON document) of the config, as Pungi's config dump. */
function configDump(text) {
  if (text.trimStart().startsWith('{')) return JSON.parse(text);
  const dump = {};
  for (const m of text.matchAll(/^(\w+) = (?:'([^']*)'|"([^"]*)"|(True|False)|(-?\d+))$/gm)) {
    dump[m[1]] = m[4] ? m[4] === 'True' : m[5] !== undefined ? Number(m[5]) : (m[2] ?? m[3]);
  }
  return dump;
}

function fail() {
  const message = process.env.PUNGI_STANDIN_ERROR || `Compose run failed: pkgset phase failed in ${composeDir}/work`;
  log('INFO', '[BEGIN] ---------- PHASE: PKGSET ----------');
  log('ERROR', message);
  process.stdout.write('Traceback (most recent call last):\n');
  writeFileSync(logPath, 'Traceback: RuntimeError: pkgset phase failed\n', { flag: 'a' });
  log('ERROR', `Extended traceback in: ${composeDir}/logs/global/traceback.global.log`);
  log('INFO', 'Compose failed');
  write(join(composeDir, 'STATUS'), 'DOOMED\n');
  process.exit(1);
}

function sleepThenSucceed() {
  const seconds = Number(process.env.PUNGI_STANDIN_SLEEP || 3600);
  const ignoreTerm = process.env.PUNGI_STANDIN_IGNORE_TERM === '1';
  const childCode = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} setTimeout(() => {}, ${seconds * 1000});`;
  // Same process group as this script: only a group kill reaches it.
  const child = spawn(process.execPath, ['-e', childCode], { stdio: 'ignore' });
  let childExited = false;
  child.once('exit', () => (childExited = true));
  process.on('SIGTERM', () => {
    if (ignoreTerm) return;
    // Reap the child (it got SIGTERM from the same group kill) before leaving, so no zombie stays.
    if (childExited) process.exit(143);
    child.once('exit', () => process.exit(143));
  });
  child.once('spawn', () => {
    let pgid = null;
    try {
      pgid = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ')[2]);
    } catch {
      // no /proc: leave pgid unknown
    }
    writeFileSync(join(composeDir, 'standin-pids.json'), JSON.stringify({ pid: process.pid, pgid, childPid: child.pid }));
    log('INFO', `Sleeping ${seconds} s`);
  });
  setTimeout(succeed, seconds * 1000);
}

function xmlValues(text, element) {
  const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return [...text.matchAll(new RegExp(`<${element}(?: [^>]*)?>([^<]*)</${element}>`, 'g'))].map((m) =>
    m[1].replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : entities[e])),
  );
}

function composeInfoBase() {
  const basePath = join(composeDir, 'work', 'global', 'composeinfo-base.json');
  if (existsSync(basePath)) return JSON.parse(readFileSync(basePath, 'utf8')).payload;
  const short = /^release_short = '([^']*)'/m.exec(config)?.[1] ?? 'standin';
  const type = opts.composeType ?? 'production';
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return {
    compose: { id: `${short}-1-${date}${SUFFIXES[type]}.0`, type, date, respin: 0 },
    release: { name: short, short, version: '1', type: 'ga', is_layered: false, internal: false },
  };
}

function succeed() {
  const variantsXml = existsSync(join(configDir, 'variants.xml')) ? readFileSync(join(configDir, 'variants.xml'), 'utf8') : '';
  const compsXml = existsSync(join(configDir, 'comps.xml')) ? readFileSync(join(configDir, 'comps.xml'), 'utf8') : '';
  const arches = xmlValues(variantsXml, 'arch');
  const dropped = new Set((process.env.PUNGI_STANDIN_DROP_PACKAGES || '').split(' ').filter(Boolean));
  const requested = xmlValues(compsXml, 'packagereq');
  const packages = (requested.length > 0 ? requested : ['standin-hello']).filter((p) => !dropped.has(p));
  const base = composeInfoBase();
  if (opts.label) Object.assign(base.compose, { label: opts.label, final: false });
  const header = (type) => ({ type, version: '1.2' });

  const rpms = {};
  for (const arch of arches) {
    const osDir = join(composeDir, 'compose', 'Temporary', arch, 'os');
    mkdirSync(join(osDir, 'Packages'), { recursive: true });
    const made = spawnSync('createrepo_c', ['-q', osDir], { stdio: 'ignore' });
    if (made.status !== 0) {
      write(
        join(osDir, 'repodata', 'repomd.xml'),
        '<?xml version="1.0" encoding="UTF-8"?>\n<repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>0</revision></repomd>\n',
      );
    }
    rpms[arch] = Object.fromEntries(
      packages.map((p) => [
        `${p}-0:1.0-1.src`,
        {
          [`${p}-0:1.0-1.${arch}`]: {
            category: 'binary',
            path: `Temporary/${arch}/os/Packages/${p[0]}/${p}-1.0-1.${arch}.rpm`,
            sigkey: null,
          },
        },
      ]),
    );
  }
  const variant = {
    id: 'Temporary',
    uid: 'Temporary',
    name: 'Temporary',
    type: 'variant',
    arches,
    paths: {
      os_tree: Object.fromEntries(arches.map((a) => [a, `Temporary/${a}/os`])),
      packages: Object.fromEntries(arches.map((a) => [a, `Temporary/${a}/os/Packages`])),
      repository: Object.fromEntries(arches.map((a) => [a, `Temporary/${a}/os`])),
    },
  };
  const metadata = join(composeDir, 'compose', 'metadata');
  write(
    join(metadata, 'composeinfo.json'),
    JSON.stringify({ header: header('productmd.composeinfo'), payload: { ...base, variants: { Temporary: variant } } }, null, 4),
  );
  write(
    join(metadata, 'rpms.json'),
    JSON.stringify({ header: header('productmd.rpms'), payload: { compose: base.compose, rpms: { Temporary: rpms } } }, null, 4),
  );
  // Module variants: Pungi records each module of variants.xml per arch in modules.json.
  const modules = xmlValues(variantsXml, 'module').filter((m) => m.split(':').length === 4);
  if (modules.length > 0) {
    const perArch = (arch) =>
      Object.fromEntries(
        modules.map((uid) => {
          const [name, stream, version, context] = uid.split(':');
          const modulemdPath = { binary: `Temporary/${arch}/os/repodata/modules.yaml.gz` };
          return [uid, { metadata: { uid, name, stream, version, context }, modulemd_path: modulemdPath, rpms: [] }];
        }),
      );
    const payload = { compose: base.compose, modules: { Temporary: Object.fromEntries(arches.map((a) => [a, perArch(a)])) } };
    write(join(metadata, 'modules.json'), JSON.stringify({ header: header('productmd.modules'), payload }, null, 4));
  }
  log('INFO', `Compose finished: ${base.compose.id}`);
  write(join(composeDir, 'STATUS'), 'FINISHED\n');
  process.exit(0);
}
