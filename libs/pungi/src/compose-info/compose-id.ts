import { type PungiComposeType, toPungiComposeType } from '../pungi-enums.js';

/** productmd compose id suffix per compose type (§5.5). */
export const COMPOSE_TYPE_SUFFIXES: Readonly<Record<PungiComposeType, string>> = {
  production: '',
  nightly: '.n',
  test: '.t',
  ci: '.ci',
  development: '.d',
};

/** Suffix for any compose type string; unknown types are treated as `test`. */
export function composeTypeSuffix(composeType: string | null | undefined): string {
  return COMPOSE_TYPE_SUFFIXES[toPungiComposeType(composeType)];
}

/** `YYYYMMDD` of a date in the backend's local time, as Pungi composes are dated. */
export function formatComposeDate(date: Date): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}${pad(date.getMonth() + 1, 2)}${pad(date.getDate(), 2)}`;
}

export interface PungiComposeIdParts {
  releaseShort: string;
  releaseVersion: string;
  /** `YYYYMMDD`. */
  date: string;
  composeType: string | null;
  respin: number;
}

/** `<short>-<version>-<YYYYMMDD><type suffix>.<respin>`, e.g. `odcs-5-1-20240101.t.0` (§9.4). */
export function formatPungiComposeId(parts: PungiComposeIdParts): string {
  return `${parts.releaseShort}-${parts.releaseVersion}-${parts.date}${composeTypeSuffix(parts.composeType)}.${parts.respin}`;
}
