/** Python-style argument binding for the test hub's XML-RPC methods. */
/** An XML-RPC fault; faultCode 1000 is Koji's GenericError. */
export class HubFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(faultString);
  }
}

export const REQUIRED = Symbol('required');
export type Args = Record<string, unknown>;
export interface MethodDef {
  params: Array<[string, unknown]>;
  run(args: Args): unknown;
}

/** Binds positional and keyword arguments to a method's named parameters, as Python does. */
export function bindArgs(method: string, def: MethodDef, params: unknown[]): Args {
  let positional = params;
  let keywords: Record<string, unknown> = {};
  const last = params[params.length - 1];
  if (last && typeof last === 'object' && !Array.isArray(last) && (last as Record<string, unknown>).__starstar) {
    positional = params.slice(0, -1);
    const { __starstar: _marker, ...rest } = last as Record<string, unknown>;
    keywords = rest;
  }
  if (positional.length > def.params.length) {
    throw new HubFault(1000, `${method}() takes at most ${def.params.length} arguments (${positional.length} given)`);
  }
  const names = def.params.map(([name]) => name);
  for (const key of Object.keys(keywords)) {
    if (!names.includes(key)) throw new HubFault(1000, `${method}() got an unexpected keyword argument '${key}'`);
  }
  const args: Args = {};
  def.params.forEach(([name, fallback], i) => {
    const value = i < positional.length ? positional[i] : name in keywords ? keywords[name] : fallback;
    if (value === REQUIRED) throw new HubFault(1000, `${method}() missing required argument: '${name}'`);
    args[name] = value;
  });
  return args;
}
