import { HttpException } from '@nestjs/common';
import { loadConfig, type OdcsConfig } from '@odcs/config';
import { AuthService } from '../auth.service.js';
import type { GroupDirectory } from '../groups/group-directory.port.js';
import type { RequestLike } from '../identity.js';
import { createIdentityStrategy } from '../auth.providers.js';

/** A request as seen by the frontend: headers and the peer address. */
export function aRequest(headers: Record<string, string> = {}, peer = '127.0.0.1'): RequestLike {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { headers: lower, socket: { remoteAddress: peer } };
}

/** Groups kept in memory, for backends whose groups come from a directory. */
export class InMemoryGroupDirectory implements GroupDirectory {
  constructor(private readonly groups: Record<string, string[]> = {}) {}
  groupsOf(username: string): Promise<string[]> {
    return Promise.resolve(this.groups[username] ?? []);
  }
}

/** An AuthService over real configuration, for backends that need no OpenID provider. */
export function authServiceFor(overrides: Partial<OdcsConfig>, directory: GroupDirectory = new InMemoryGroupDirectory()): AuthService {
  const config = loadConfig({}, overrides);
  return new AuthService(config, createIdentityStrategy(config, directory, null, null));
}

/** The status and message of the HTTP exception a promise (or function) ends with. */
export async function httpErrorOf(action: Promise<unknown> | (() => unknown)): Promise<{ status: number; message: string }> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (e) {
    if (e instanceof HttpException) return { status: e.getStatus(), message: e.message };
    throw e;
  }
  throw new Error('expected an HTTP exception, but it succeeded');
}
