/** CONTRACT §5.5: compose types Pungi knows; any other compose type is treated as `test`. */
export const PUNGI_COMPOSE_TYPES = ['test', 'ci', 'nightly', 'production', 'development'] as const;
export type PungiComposeType = (typeof PUNGI_COMPOSE_TYPES)[number];

export function toPungiComposeType(composeType: string | null | undefined): PungiComposeType {
  return (PUNGI_COMPOSE_TYPES as readonly string[]).includes(composeType ?? '') ? (composeType as PungiComposeType) : 'test';
}
