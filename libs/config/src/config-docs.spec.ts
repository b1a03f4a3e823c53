import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS } from './config-options.js';

describe('configuration documentation', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

  it('documents every option in the README (regenerate with npm run docs:config)', () => {
    const missing = Object.keys(CONFIG_OPTIONS).filter((name) => !readme.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });

  it('describes every option in the schema', () => {
    const undocumented = Object.entries(CONFIG_OPTIONS).filter(([, spec]) => spec.desc.trim().length < 10);
    expect(undocumented.map(([name]) => name)).toEqual([]);
  });
});
