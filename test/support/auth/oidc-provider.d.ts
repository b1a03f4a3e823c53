// oidc-provider ships no type declarations: just what the test fixture uses of it.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  type Ctx = unknown;
  interface Account {
    accountId: string;
    claims: () => Record<string, unknown>;
  }
  interface ProviderConfiguration {
    clients: Record<string, unknown>[];
    jwks: { keys: Record<string, unknown>[] };
    cookies: { keys: string[] };
    ttl: Record<string, number>;
    claims: Record<string, string[]>;
    scopes: string[];
    findAccount: (ctx: Ctx, id: string) => Account | undefined;
    extraTokenClaims: (ctx: Ctx, token: Record<string, unknown>) => Record<string, unknown> | undefined;
    features: {
      devInteractions: { enabled: boolean };
      introspection: { enabled: boolean; allowedPolicy: () => boolean };
      revocation: { enabled: boolean; allowedPolicy: () => boolean };
      resourceIndicators: {
        enabled: boolean;
        defaultResource: (ctx: Ctx, client: unknown, oneOf?: string | string[]) => string | string[] | undefined;
        useGrantedResource: () => boolean;
        getResourceServerInfo: (ctx: Ctx, indicator: string) => Record<string, unknown>;
      };
    };
  }

  export default class Provider {
    constructor(issuer: string, configuration: ProviderConfiguration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
  export const errors: { InvalidTarget: new () => Error };
}
