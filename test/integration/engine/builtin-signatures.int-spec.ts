import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeFiles } from '@odcs/pungi';
import { startEngineHarness, type EngineHarness, type EngineRun } from '../../support/engine/engine-harness.js';
import { engineWorld, KEY_A, KEY_B } from '../../support/engine/engine-world.js';

/** `{ nvra: sigkey }` of the compose's x86_64 RPMs, from rpms.json. */
async function composedSigkeys(r: EngineRun): Promise<Record<string, string | null>> {
  const doc = JSON.parse(await readFile(composeFiles.rpms(r.composeDir), 'utf8'));
  const bySource: Record<string, Record<string, { sigkey: string | null }>> = doc.payload.rpms.Temporary.x86_64;
  return Object.fromEntries(
    Object.values(bySource)
      .flatMap((rpms) => Object.entries(rpms))
      .map(([nevra, rpm]) => [nevra, rpm.sigkey]),
  );
}

const unsignedReason = (keys: string[], nvras: string[]) =>
  `Error while generating compose: RPM(s) not found for sigs: [${keys.map((k) => `'${k}'`).join(', ')}]. Unsigned packages:\n` +
  nvras.join('\n');

// Tag eng-sigdeps: signed-1.0-1 (keys A, B), plain-1.0-1 (unsigned), sigapp-1.0-1 (key A)
// requiring sigdep-1.0-1 (unsigned).
describe('built-in engine: sigkeys are demanded of the RPMs in the compose', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startEngineHarness({ fixture: (await engineWorld()).fixture, config: { compose_engine: 'builtin' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('composes a signed package of a tag that also holds an unrelated unsigned build', async () => {
    const r = await h.generate({ sourceType: 'tag', source: ['eng-sigdeps'], packages: ['signed'], sigkeys: [KEY_B] });

    expect(r.result).toMatchObject({ ok: true, engine: 'builtin' });
    expect(await composedSigkeys(r)).toEqual({ 'signed-0:1.0-1.noarch': KEY_B.toLowerCase() });
  });

  it('does so with no_deps too', async () => {
    const r = await h.generate({
      sourceType: 'tag',
      source: ['eng-sigdeps'],
      packages: ['signed'],
      sigkeys: [KEY_B],
      flags: ['no_deps'],
    });

    expect(r.result).toMatchObject({ ok: true, engine: 'builtin' });
    expect(await composedSigkeys(r)).toEqual({ 'signed-0:1.0-1.noarch': KEY_B.toLowerCase() });
  });

  it('fails naming an unsigned dependency the closure pulls in', async () => {
    const r = await h.generate({ sourceType: 'tag', source: ['eng-sigdeps'], packages: ['sigapp'], sigkeys: [KEY_A] });

    expect(r.result).toEqual({ ok: false, engine: 'builtin', reason: unsignedReason([KEY_A], ['sigdep-1.0-1.noarch']) });
  });

  it('leaves the unsigned dependency out, and succeeds, with no_deps', async () => {
    const r = await h.generate({
      sourceType: 'tag',
      source: ['eng-sigdeps'],
      packages: ['sigapp'],
      sigkeys: [KEY_A],
      flags: ['no_deps'],
    });

    expect(r.result).toMatchObject({ ok: true, engine: 'builtin' });
    expect(await composedSigkeys(r)).toEqual({ 'sigapp-0:1.0-1.noarch': KEY_A.toLowerCase() });
  });

  it('accepts the unsigned dependency when the sigkeys end with an empty key', async () => {
    const r = await h.generate({ sourceType: 'tag', source: ['eng-sigdeps'], packages: ['sigapp'], sigkeys: [KEY_A, ''] });

    expect(r.result).toMatchObject({ ok: true, engine: 'builtin' });
    expect(await composedSigkeys(r)).toEqual({ 'sigapp-0:1.0-1.noarch': KEY_A.toLowerCase(), 'sigdep-0:1.0-1.noarch': null });
  });

  it('fails a whole-tag compose naming every unsigned RPM of the tag', async () => {
    const r = await h.generate({ sourceType: 'tag', source: ['eng-sigdeps'], sigkeys: [KEY_A] });

    expect(r.result).toEqual({
      ok: false,
      engine: 'builtin',
      reason: unsignedReason([KEY_A], ['plain-1.0-1.noarch', 'sigdep-1.0-1.noarch']),
    });
  });
});
