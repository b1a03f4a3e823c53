import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Compose } from '../../domain/compose.js';
import { STATE_CODES } from '../../domain/compose-state.js';
import { OUTBOX_CHANNEL } from './outbox-wake-up.listener.js';
import { type ComposeDomainEvent, ComposeStateChangedEvent, eventType } from '../../domain/events/index.js';

/**
 * Appends a compose's pending domain events to the outbox inside the caller's transaction.
 * State changes carry the compose as it was at the end of that transaction (CONTRACT §10).
 */
@Injectable()
export class OutboxWriter {
  /** Returns the events written (none: nothing was written). */
  async append(manager: EntityManager, compose: Compose): Promise<ComposeDomainEvent[]> {
    const events = compose.pullEvents();
    if (events.length === 0) return [];
    const snapshot = compose.snapshot();
    const params: unknown[] = [];
    const values = events.map((event, i) => {
      params.push(compose.id, eventType(event), JSON.stringify(this.payloadOf(event, snapshot)), event.occurredAt);
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}::jsonb, $${i * 4 + 4}::timestamptz)`;
    });
    await manager.query(`INSERT INTO outbox_messages (compose_id, type, payload, occurred_at) VALUES ${values.join(', ')}`, params);
    // Delivered at commit (once per transaction and payload): wakes the relays of other processes.
    await manager.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
    return events;
  }

  /**
   * The outbox rows of a compose being inserted in the same statement, where its id is known only
   * to SQL: `draft` holds the events as they will be, with `placeholderId` for the id; each place the
   * placeholder appears in a payload is set to `idSql` (jsonb_set, from the row source `fromSql`), so the rows equal what append()
   * writes once the id is known. Returns a SELECT of (compose_id, type, payload, occurred_at) rows and
   * adds its parameters to `params`.
   */
  rowsOfInsert(draft: Compose, placeholderId: number, idSql: string, fromSql: string, params: unknown[]): string {
    const snapshot = draft.snapshot();
    return draft
      .pullEvents()
      .map((event) => {
        const payload = this.payloadOf(event, snapshot);
        params.push(eventType(event), JSON.stringify(payload), event.occurredAt);
        const n = params.length;
        let json = `$${n - 1}::jsonb`;
        for (const path of pathsOf(payload, placeholderId)) json = `jsonb_set(${json}, '{${path.join(',')}}', to_jsonb(${idSql}))`;
        return `SELECT ${idSql}, $${n - 2}::varchar, ${json}, $${n}::timestamptz FROM ${fromSql}`;
      })
      .join(' UNION ALL ');
  }

  private payloadOf(event: ComposeDomainEvent, snapshot: ReturnType<Compose['snapshot']>): Record<string, unknown> {
    if (!(event instanceof ComposeStateChangedEvent)) return { ...event };
    // `compose` names the change as the notification does, for whoever reads the outbox in SQL.
    const compose = { id: snapshot.id, state: STATE_CODES[event.to], state_name: event.to, state_reason: event.reason };
    return { ...event, snapshot, compose };
  }
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * JSON paths (keys and array indexes) at which `value` is found in `json`, except under keys a
 * jsonb path literal cannot spell unquoted. One path array walked in place: this runs on every create.
 */
function pathsOf(json: unknown, value: number): string[][] {
  const out: string[][] = [];
  const at: string[] = [];
  const walk = (v: unknown): void => {
    if (v === value) {
      if (at.every((k) => PLAIN_KEY.test(k))) out.push([...at]);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        at.push(String(i));
        walk(v[i]);
        at.pop();
      }
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      for (const k in v) {
        at.push(k);
        walk((v as Record<string, unknown>)[k]);
        at.pop();
      }
    }
  };
  walk(json);
  return out;
}
