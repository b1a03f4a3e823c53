import { type PungiComposeType, toPungiComposeType } from '../pungi-enums.js';
import type { PungiRelease } from '../config/pungi-config.builder.js';
import { formatPungiComposeId } from './compose-id.js';

/** The productmd `composeinfo` document (header + payload), as far as ODCS writes and reads it. */
export interface ProductmdComposeInfo {
  header: { type: 'productmd.composeinfo'; version: string };
  payload: {
    compose: { id: string; type: PungiComposeType; date: string; respin: number; label?: string; final?: boolean };
    release: { name: string; short: string; version: string; type: string; is_layered: boolean; internal: boolean };
    variants: Record<string, unknown>;
  };
}

export interface ComposeInfoBaseInput {
  release: PungiRelease;
  label: string | null;
  composeType: string | null;
  /** `YYYYMMDD`. */
  date: string;
  respin: number;
}

/** The `work/global/composeinfo-base.json` document Pungi starts from (§9.4). */
export function buildComposeInfoBase(input: ComposeInfoBaseInput): ProductmdComposeInfo {
  const type = toPungiComposeType(input.composeType);
  return {
    header: { type: 'productmd.composeinfo', version: '1.2' },
    payload: {
      compose: {
        id: formatPungiComposeId({
          releaseShort: input.release.short,
          releaseVersion: input.release.version,
          date: input.date,
          composeType: type,
          respin: input.respin,
        }),
        type,
        date: input.date,
        respin: input.respin,
        ...(input.label ? { label: input.label, final: false } : {}),
      },
      release: {
        name: input.release.name,
        short: input.release.short,
        version: input.release.version,
        type: 'ga',
        is_layered: false,
        internal: false,
      },
      variants: {},
    },
  };
}

/** The compose id of a productmd composeinfo document (`payload.compose.id`); throws with a reason. */
export function composeIdOf(document: unknown, source: string): string {
  const id = (document as { payload?: { compose?: { id?: unknown } } } | null)?.payload?.compose?.id;
  if (typeof id !== 'string' || id === '') {
    throw new Error(`${source} has no compose id (payload.compose.id)`);
  }
  return id;
}
