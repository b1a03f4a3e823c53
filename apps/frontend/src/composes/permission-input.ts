import type { PermissionInput } from '@odcs/auth';
import { bitNames, ComposeJsonPresenter, FLAGS, items, type NewComposeProps, RESULTS } from '@odcs/compose';

/** The attributes a request is authorised on (CONTRACT §7.3), named as in allowed_clients. */
export function permissionInput(
  c: Pick<NewComposeProps, 'sourceType' | 'source' | 'results' | 'flags' | 'arches' | 'composeType' | 'targetDir'>,
  presenter: ComposeJsonPresenter,
  opts: { checkTargetDir: boolean },
): PermissionInput {
  const targetDirName = presenter.targetDirName(c);
  return {
    source_types: c.sourceType,
    sources: items(c.source),
    results: bitNames(RESULTS, c.results),
    flags: bitNames(FLAGS, c.flags),
    arches: items(c.arches),
    compose_types: c.composeType ?? 'test',
    target_dirs: opts.checkTargetDir && targetDirName !== 'default' ? targetDirName : null,
    raw_config_keys: c.sourceType === 'raw_config' ? (items(c.source)[0] ?? '').split('#')[0]! : null,
  };
}
