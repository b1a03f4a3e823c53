/**
 * A real HTTP server on 127.0.0.1 speaking Koji's XML-RPC (via the `xmlrpc` package's own
 * serializer/deserializer, <nil/> included) and serving the fixture's RPMs under /packages/
 * with Koji's pathinfo layout, signed copies under data/signed/<key>/, build archives (modulemd
 * files of module builds) under files/<btype>/.
 *
 *   const hub = await startKojiHub({ tags: [{ name: 'f40' }], builds: [{ rpms }], tagged: [{ tag: 'f40', nvr }] });
 *   new KojiClient({ hubUrl: hub.hubUrl, topUrl: hub.topUrl });
 *   hub.tagBuild('f40', 'foo-1.1-1');   // new event
 *   await hub.close();
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Deserializer from 'xmlrpc/lib/deserializer.js';
import Serializer from 'xmlrpc/lib/serializer.js';
import type { HubBuildFixture, HubParentFixture, HubTagFixture, KojiHubFixture } from './koji-hub-fixture.js';
import { bindArgs, createHubMethods, HubFault } from './koji-hub-methods.js';
import { KojiHubState, type HubBuild } from './koji-hub-state.js';

export type * from './koji-hub-fixture.js';

export interface HubCall {
  method: string;
  params: unknown[];
  /** True when the call arrived inside a multiCall. */
  inMulticall: boolean;
}

/** What the next XML-RPC requests suffer: the socket is destroyed, left hanging, or answered 503. */
export type HubFailureMode = 'reset' | 'hang' | 'http-503' | 'generic-error';

export interface KojiHub {
  /** XML-RPC endpoint, `http://127.0.0.1:<port>/kojihub`. */
  hubUrl: string;
  /** Koji topurl, `http://127.0.0.1:<port>`; packages live under `<topUrl>/packages/`. */
  topUrl: string;
  readonly state: KojiHubState;
  /** Every XML-RPC method executed, in order (multiCall members included). */
  readonly calls: readonly HubCall[];
  /** Number of XML-RPC HTTP requests received (including failed ones). */
  readonly rpcRequests: number;
  /** Paths of the package files served. */
  readonly fileRequests: readonly string[];
  lastEvent(): number;
  advanceEvent(): number;
  tagBuild(tag: string, nvr: string): number;
  untagBuild(tag: string, nvr: string): number;
  addTag(tag: HubTagFixture): void;
  setParents(tag: string, parents: HubParentFixture[]): number;
  addBuild(build: HubBuildFixture): HubBuild;
  /** Makes the next `count` XML-RPC requests fail at the transport level, or with a Koji GenericError fault. */
  failNextRequests(count: number, mode: HubFailureMode): void;
  close(): Promise<void>;
}

export async function startKojiHub(fixture: KojiHubFixture): Promise<KojiHub> {
  const state = new KojiHubState(fixture);
  const methods = createHubMethods(state);
  const calls: HubCall[] = [];
  const fileRequests: string[] = [];
  const failures: HubFailureMode[] = [];
  let rpcRequests = 0;

  const dispatch = (method: string, params: unknown[], inMulticall: boolean): unknown => {
    if (method === 'multiCall' || method === 'system.multicall') {
      const batch = (params[0] ?? []) as Array<{ methodName: string; params: unknown[] }>;
      return batch.map((call) => {
        try {
          return [dispatch(call.methodName, call.params ?? [], true)];
        } catch (err) {
          const fault = asFault(err);
          return { faultCode: fault.faultCode, faultString: fault.faultString };
        }
      });
    }
    calls.push({ method, params, inMulticall });
    const def = methods.get(method);
    if (!def) throw new HubFault(1000, `Invalid method: ${method}`);
    return toWire(def.run(bindArgs(method, def, params)));
  };

  const handleRpc = (req: IncomingMessage, res: ServerResponse): void => {
    rpcRequests++;
    const failure = failures.shift();
    if (failure === 'reset') return void req.socket.destroy();
    if (failure === 'hang') return;
    if (failure === 'http-503') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
    if (failure === 'generic-error') {
      const xml = Serializer.serializeFault({ faultCode: 1000, faultString: 'database is in maintenance' });
      return void res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml) }).end(xml);
    }
    new Deserializer().deserializeMethodCall(req, (error, method, params) => {
      let xml: string;
      try {
        if (error || !method) throw new HubFault(1000, `Malformed XML-RPC request: ${error?.message ?? 'no method'}`);
        xml = Serializer.serializeMethodResponse(dispatch(method, params ?? [], false));
      } catch (err) {
        xml = Serializer.serializeFault(asFault(err));
      }
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml) }).end(xml);
    });
  };

  const handleFile = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    const archive = archiveFiles(state).get(path);
    if (archive !== undefined) {
      fileRequests.push(path);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(archive) });
      return void res.end(req.method === 'HEAD' ? undefined : archive);
    }
    const file = packageFiles(state).get(path);
    if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    fileRequests.push(path);
    res.writeHead(200, { 'content-type': 'application/x-rpm', 'content-length': file.size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.path).pipe(res);
  };

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://hub').pathname);
    if (req.method === 'POST' && path === '/kojihub') return handleRpc(req, res);
    if ((req.method === 'GET' || req.method === 'HEAD') && path.startsWith('/packages/')) return handleFile(req, res, path);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    hubUrl: `${base}/kojihub`,
    topUrl: base,
    state,
    calls,
    get rpcRequests() {
      return rpcRequests;
    },
    fileRequests,
    lastEvent: () => state.lastEvent,
    advanceEvent: () => state.advanceEvent(),
    tagBuild: (tag, nvr) => state.tagBuild(tag, nvr),
    untagBuild: (tag, nvr) => state.untagBuild(tag, nvr),
    addTag: (tag) => void state.addTag(tag),
    setParents: (tag, parents) => state.setParents(tag, parents),
    addBuild: (build) => state.addBuild(build),
    failNextRequests: (count, mode) => failures.push(...Array<HubFailureMode>(count).fill(mode)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Koji's pathinfo layout: packages/<name>/<version>/<release>/[data/signed/<key>/]<arch>/<nvra>.rpm */
function packageFiles(state: KojiHubState): Map<string, { path: string; size: number }> {
  const files = new Map<string, { path: string; size: number }>();
  for (const build of state.builds.values()) {
    const dir = `/packages/${build.name}/${build.version}/${build.release}`;
    for (const { rpm, sigkeys } of build.rpms) {
      const file = { path: rpm.path, size: rpm.size };
      files.set(`${dir}/${rpm.arch}/${rpm.filename}`, file);
      for (const key of sigkeys) files.set(`${dir}/data/signed/${key}/${rpm.arch}/${rpm.filename}`, file);
    }
  }
  return files;
}

/** Archives by Koji's typedir: packages/<name>/<version>/<release>/files/<btype>/<filename> (module btype). */
function archiveFiles(state: KojiHubState): Map<string, string> {
  const files = new Map<string, string>();
  for (const build of state.builds.values()) {
    for (const a of build.archives)
      files.set(`/packages/${build.name}/${build.version}/${build.release}/files/${a.btype}/${a.filename}`, a.text);
  }
  return files;
}

function asFault(err: unknown): HubFault {
  if (err instanceof HubFault) return err;
  return new HubFault(1000, err instanceof Error ? err.message : String(err));
}

/** The serializer writes an empty <value/> for undefined; Koji would send <nil/>. */
function toWire(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}
