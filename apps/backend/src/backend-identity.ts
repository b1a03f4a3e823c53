import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

/** Names this backend process in leases and logs: <host>:<pid>:<random>. */
export const BACKEND_ID = Symbol('BACKEND_ID');
export const newBackendId = (): string => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
