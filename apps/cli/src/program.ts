import { Command, InvalidArgumentError, Option } from 'commander';
import { type ComposeJson, EXIT, OdcsClient, resolveToken, text, UsageError } from './client.js';
import { addCreateOptions, CREATE_OPTIONS, createBody } from './create-options.js';
import { describeCompose, describeList, toJson } from './output.js';
import { type Output, waitForCompose } from './watch.js';

interface GlobalOptions {
  server?: string;
  redhat?: boolean;
  staging?: boolean;
  token?: string;
  json?: boolean;
  quiet?: boolean;
  wait: boolean;
  watch?: boolean;
  logs?: boolean;
  timeout: number;
  interval: number;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
}

const positiveInt = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('Not a positive integer.');
  return Number(value);
};

const composeId = (value: string) => {
  if (!/^\d+$/.test(value)) throw new UsageError(`a compose id is a non-negative integer, not "${value}"`);
  return Number(value);
};

/** The python CLI's default servers (CONTRACT §13.2); a local odcs when neither --redhat nor --staging is given. */
function defaultServer(g: GlobalOptions): string {
  if (g.redhat) return g.staging ? 'https://odcs.stage.engineering.redhat.com' : 'https://odcs.engineering.redhat.com';
  return g.staging ? 'https://odcs.stg.fedoraproject.org' : 'http://localhost:5005';
}

/** Exit code for a compose that finished: 0 done, 1 anything else. */
const exitFor = (c: ComposeJson) => (c.state_name === 'done' ? EXIT.done : EXIT.failed);

const LIST_FILTERS = [
  'owner',
  'source-type',
  'source',
  'source-contains',
  'state',
  'label',
  'compose-type',
  'koji-task-id',
  'pungi-compose-id',
];

/** The `odcs` command line. `run` resolves to the exit code of the command. */
export function buildProgram(io: Io): { program: Command; result: () => number } {
  let code: number = EXIT.done;
  const program = new Command('odcs')
    .description('Command line client of ODCS, the On Demand Compose Service')
    .addOption(
      new Option('--server <url>', 'ODCS server URL (default: http://localhost:5005, or as --redhat/--staging say)').env('ODCS_SERVER'),
    )
    .option('--redhat', "use Red Hat's ODCS (https://odcs.engineering.redhat.com)")
    .option('--staging', 'use the staging instance (Fedora, or Red Hat with --redhat)')
    .option(
      '--token <token_or_file>',
      'OIDC token, or a file that holds one (default: $ODCS_TOKEN, $ODCS_TOKEN_FILE, ~/.config/odcs/token)',
    )
    .option('--json', 'print the JSON of the server (keys sorted, 4-space indent)')
    .option('-q, --quiet', 'print nothing on success')
    .option('--no-wait', 'do not wait for a created or renewed compose to finish')
    .option('--watch', 'show the state and progress while waiting')
    .option('--logs', 'while waiting, tail the compose log (pungi-stderr.log)')
    .addOption(new Option('--timeout <seconds>', 'how long to wait for a compose').argParser(positiveInt).default(3600))
    .addOption(new Option('--interval <ms>', 'poll interval while waiting').argParser(positiveInt).default(1000).hideHelp())
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError();

  const globals = (cmd: Command) => {
    const g = cmd.optsWithGlobals<GlobalOptions>();
    return { ...g, server: g.server ?? defaultServer(g) };
  };
  const client = (g: GlobalOptions) => new OdcsClient({ server: g.server ?? defaultServer(g), token: resolveToken(g.token, io.env) });
  const print = (g: GlobalOptions, value: unknown, human: string) => {
    if (g.quiet) return;
    io.stdout.write(g.json ? toJson(value) : human);
  };
  const finish = async (cmd: Command, c: ComposeJson, forceWatch = false) => {
    const g = globals(cmd);
    const final = await waitForCompose(
      client(g),
      c.id,
      { timeoutSeconds: g.timeout, progress: (forceWatch || !!g.watch) && !g.quiet && !g.json, logs: !!g.logs, intervalMs: g.interval },
      io.stderr,
    );
    print(g, final, describeCompose(final));
    code = exitFor(final);
  };
  const submitted = async (cmd: Command, c: ComposeJson) => {
    const g = globals(cmd);
    if (!g.wait) {
      print(g, c, describeCompose(c));
      return;
    }
    if (!g.quiet && !g.json) io.stderr.write(`odcs-${c.id} submitted, waiting for it (--no-wait to return at once)\n`);
    await finish(cmd, c);
  };

  const create = program.command('create').description('request a new compose');
  const sources: [string, string, string, (args: string[][] | string[]) => Record<string, unknown>][] = [
    [
      'tag',
      '<tag> [packages...]',
      'compose of a Koji tag',
      ([tag, pkgs]) => ({ source: tag, ...(pkgs?.length ? { packages: pkgs } : {}) }),
    ],
    ['module', '[modules...]', 'compose of modules N:S[:V[:C]]', ([mods]) => ({ source: ((mods as string[]) ?? []).join(' ') })],
    ['build', '<nvrs...>', 'compose of Koji builds', ([nvrs]) => ({ source: '', builds: nvrs })],
    ['pulp', '<content_sets...>', 'compose of Pulp content sets', ([sets]) => ({ source: (sets as string[]).join(' ') })],
    [
      'raw-config',
      '<name> <commit>',
      'compose from a raw Pungi config',
      ([name, commit]) => ({ source: `${name as string}#${commit as string}` }),
    ],
    ['pungi-compose', '<variant_url>', 'compose of a variant of an external Pungi compose', ([url]) => ({ source: url })],
  ];
  for (const [name, args, desc, toSource] of sources) {
    const type = name.replace('-', '_');
    const run = async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const opts = params[params.length - 2] as Record<string, unknown>;
      const positional = params.slice(0, -2) as string[][];
      const source = toSource(positional);
      if (type === 'module' && !source['source'] && !opts['scratchModule']) {
        throw new UsageError('create module needs at least one module or --scratch-module');
      }
      if (source['builds'] === undefined && opts['build']) source['builds'] = opts['build'];
      const body = createBody(type, source, opts);
      await submitted(cmd, await client(globals(cmd)).request<ComposeJson>('POST', 'api/1/composes/', body));
    };
    addCreateOptions(create.command(`${name} ${args}`).description(desc), CREATE_OPTIONS[name]!).action(run);
    // The python CLI's spelling: `odcs create-tag ...`.
    addCreateOptions(program.command(`create-${name} ${args}`, { hidden: true }).description(desc), CREATE_OPTIONS[name]!).action(run);
  }

  program
    .command('get <id>')
    .description('show a compose')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const c = await client(globals(cmd)).getCompose(composeId(id));
      print(globals(cmd), c, describeCompose(c));
    });

  const list = program.command('list').description('list composes, newest first');
  for (const f of LIST_FILTERS) list.option(`--${f} <value>`, `only composes with this ${f.replace(/-/g, '_')}`);
  list
    .option('--order-by <key>', 'order (e.g. -time_submitted)')
    .addOption(new Option('--page <n>', 'page').argParser(positiveInt).default(1))
    .addOption(new Option('--per-page <n>', 'composes per page').argParser(positiveInt).default(20))
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(opts)) {
        if (value !== undefined)
          params.set(
            key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
            text(value),
          );
      }
      const page = await client(globals(cmd)).request<{ items: ComposeJson[]; meta: Record<string, unknown> }>(
        'GET',
        `api/1/composes/?${params.toString()}`,
      );
      print(globals(cmd), page, describeList(page.items, page.meta));
    });

  program
    .command('renew <id>')
    .description('extend a done compose, or regenerate a removed or failed one')
    .addOption(new Option('--seconds-to-live <seconds>', 'new time to live').argParser(positiveInt))
    .action(async (id: string, opts: { secondsToLive?: number }, cmd: Command) => {
      const body = opts.secondsToLive === undefined ? {} : { seconds_to_live: opts.secondsToLive };
      await submitted(cmd, await client(globals(cmd)).request<ComposeJson>('PATCH', `api/1/composes/${composeId(id)}`, body));
    });

  program
    .command('delete <id>')
    .description('cancel a compose, or (admins) remove a finished one now')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const res = await client(globals(cmd)).request<Record<string, unknown>>('DELETE', `api/1/composes/${composeId(id)}`);
      print(globals(cmd), res, `${text(res['message']) || 'deleted'}\n`);
    });

  program
    .command('wait <id>')
    .description('wait for a compose to finish; exit 0 when done, 1 when failed')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await finish(cmd, { id: composeId(id), state_name: 'wait' });
    });

  program
    .command('watch <id>')
    .description('like wait, with live state, progress and elapsed time (--logs: tail the log)')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await finish(cmd, { id: composeId(id), state_name: 'wait' }, true);
    });

  program
    .command('about')
    .description('show the server information')
    .action(async (_o: unknown, cmd: Command) => {
      const about = await client(globals(cmd)).request<Record<string, unknown>>('GET', 'api/1/about/');
      print({ ...globals(cmd), json: true }, about, '');
    });

  return { program, result: () => code };
}
