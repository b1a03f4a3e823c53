import { Compose } from '../domain/compose.js';
import type { ComposeProps, NewComposeProps } from '../domain/compose-props.js';
import type { ComposeState } from '../domain/compose-state.js';

export const T0 = new Date('2026-01-01T00:00:00Z');

/** Fields of a plain tag compose, for tests that need a whole NewComposeProps. */
export const BASE_COMPOSE_FIELDS: NewComposeProps = {
  owner: 'alice',
  sourceType: 'tag',
  source: 'f40',
  modularKojiTags: null,
  moduleDefaultsUrl: null,
  kojiEvent: null,
  sigkeys: '',
  results: 1,
  packages: null,
  builds: null,
  flags: 0,
  arches: 'x86_64',
  multilibArches: '',
  multilibMethod: 0,
  lookasideRepos: '',
  label: null,
  composeType: 'test',
  pungiConfigDump: null,
  celeryTaskId: null,
  targetDir: null,
  scratchModules: null,
  parentPungiComposeIds: null,
  scratchBuildTasks: null,
  modules: null,
  respinOf: null,
  baseModuleBrName: null,
  baseModuleBrStream: null,
  baseModuleBrStreamVersionLte: null,
  baseModuleBrStreamVersionGte: null,
};

/** Test data builder: aCompose().inState('done').with({ packages: 'ed' }).build() */
export class ComposeBuilder {
  private props: Partial<ComposeProps> = {};
  private fields: Partial<NewComposeProps> = {};
  private ttl = 3600;
  private at = T0;

  withId(id: number): this {
    this.props.id = id;
    return this;
  }
  with(fields: Partial<NewComposeProps>): this {
    Object.assign(this.fields, fields);
    return this;
  }
  inState(state: ComposeState, extra: Partial<ComposeProps> = {}): this {
    this.props.state = state;
    Object.assign(this.props, extra);
    return this;
  }
  submittedAt(at: Date, ttlSeconds = this.ttl): this {
    this.at = at;
    this.ttl = ttlSeconds;
    return this;
  }
  /** A compose as new (not yet stored). */
  buildNew(): Compose {
    return Compose.submit({ ...BASE_COMPOSE_FIELDS, ...this.fields }, this.ttl, this.at);
  }
  /** A compose as loaded from storage. */
  build(): Compose {
    const fresh = this.buildNew().snapshot();
    return Compose.restore({ ...fresh, id: 1, ...this.props });
  }
}

export const aCompose = (): ComposeBuilder => new ComposeBuilder();
