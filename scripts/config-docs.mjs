#!/usr/bin/env node
// Regenerates the configuration table of README.md from the option schema (libs/config).
// Run after `npm run build`: npm run docs:config
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_OPTIONS, envName } from '@odcs/config';

const cell = (s) => String(s).replace(/\|/g, '\\|');
const rows = Object.entries(CONFIG_OPTIONS).map(([name, spec]) => {
  const def = typeof spec.default === 'function' ? '(derived, see text)' : JSON.stringify(spec.default);
  const env = [envName(name), ...(spec.aliases ?? [])].map((e) => `\`${e}\``).join(', ');
  return `| \`${name}\` | ${env} | \`${cell(def)}\` | ${cell(spec.desc)} |`;
});
const table = ['| option | environment | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
const readme = readFileSync('README.md', 'utf8');
const start = '<!-- config-table:start -->';
const end = '<!-- config-table:end -->';
const [before, rest] = readme.split(start);
const after = rest.split(end)[1];
writeFileSync('README.md', `${before}${start}\n${table}\n${end}${after}`);
console.log(`README.md: ${rows.length} options`);
