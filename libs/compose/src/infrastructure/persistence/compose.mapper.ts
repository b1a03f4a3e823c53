import { Compose } from '../../domain/compose.js';
import type { ComposeProps } from '../../domain/compose-props.js';
import { sourceTypeFromCode, SOURCE_TYPES } from '../../domain/compose-enums.js';
import { stateFromCode, STATE_CODES } from '../../domain/compose-state.js';
import { ComposeOrmEntity } from './compose.orm-entity.js';

export function toProps(row: ComposeOrmEntity): ComposeProps {
  return {
    ...row,
    sourceType: sourceTypeFromCode(row.sourceType),
    state: stateFromCode(row.state),
    flags: row.flags ?? 0,
    arches: row.arches ?? '',
    multilibArches: row.multilibArches ?? '',
    multilibMethod: row.multilibMethod ?? 0,
    attempts: row.attempts ?? 0,
    sizeBytes: row.sizeBytes === null || row.sizeBytes === undefined ? null : Number(row.sizeBytes),
  };
}

export function rowToCompose(row: ComposeOrmEntity): Compose {
  return Compose.restore(toProps(row));
}

export function toRow(props: Readonly<ComposeProps>): ComposeOrmEntity {
  return Object.assign(new ComposeOrmEntity(), {
    ...props,
    sourceType: SOURCE_TYPES[props.sourceType],
    state: STATE_CODES[props.state],
    sizeBytes: props.sizeBytes === null ? null : String(props.sizeBytes),
  });
}
