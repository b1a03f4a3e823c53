import { CONFIG_OPTIONS, loadConfig } from '@odcs/config';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No container engine runs here: docker-compose.yml and the Dockerfile are checked structurally,
// against each other and against what odcs accepts (its config options, its entry point).
const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
interface Service {
  image?: string;
  build?: { context: string; target: string };
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const dockerfile = readFileSync('Dockerfile', 'utf8');
const stages = new Map<string, { from: string; lines: string[] }>();
let current: string | null = null;
for (const line of dockerfile.split('\n')) {
  const from = /^FROM\s+(\S+)\s+AS\s+(\S+)/i.exec(line);
  if (from) stages.set((current = from[2]!), { from: from[1]!, lines: [] });
  else if (current) stages.get(current)!.lines.push(line);
}
/** CMD of a stage, following FROM <stage> chains. */
const cmdOf = (stage: string): string | undefined => {
  const s = stages.get(stage);
  if (!s) return undefined;
  const cmd = [...s.lines].reverse().find((l) => l.startsWith('CMD '));
  return cmd ? (JSON.parse(cmd.slice(4)) as string[]).join(' ') : cmdOf(s.from);
};
const services = compose.services;
const odcs = Object.entries(services).filter(([, s]) => s.build);
const backends = odcs.filter(([, s]) => s.build!.target === 'backend');

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, RabbitMQ, one frontend and two backends built from the Dockerfile targets', () => {
    expect(services['postgres']?.image).toMatch(/^postgres:/);
    expect(services['rabbitmq']?.image).toMatch(/^rabbitmq:/);
    expect(odcs.filter(([, s]) => s.build!.target === 'frontend')).toHaveLength(1);
    expect(backends).toHaveLength(2);
    for (const [, s] of odcs) {
      expect(stages.has(s.build!.target)).toBe(true);
      expect(cmdOf(s.build!.target)).toBe(s.build!.target);
    }
    expect(services['frontend']!.ports).toContain('5005:5005');
  });

  it('gives every odcs process the same database, broker and shared compose volume at target_dir', () => {
    const pg = services['postgres']!.environment!;
    const mq = services['rabbitmq']!.environment!;
    for (const [name, s] of odcs) {
      const env = s.environment!;
      const db = new URL(env['ODCS_DATABASE_URL']!);
      expect([db.hostname, db.username, db.password, db.pathname], name).toEqual([
        'postgres',
        pg['POSTGRES_USER'],
        pg['POSTGRES_PASSWORD'],
        `/${pg['POSTGRES_DB']}`,
      ]);
      const amqp = new URL(env['ODCS_AMQP_URL']!);
      expect([amqp.hostname, amqp.username, amqp.password], name).toEqual([
        'rabbitmq',
        mq['RABBITMQ_DEFAULT_USER'],
        mq['RABBITMQ_DEFAULT_PASS'],
      ]);
      const mount = s.volumes!.map((v) => v.split(':')).find(([, path]) => path === env['ODCS_TARGET_DIR']);
      expect(mount?.[0], name).toBe('composes');
      expect(Object.keys(s.depends_on ?? {}).sort(), name).toEqual(['postgres', 'rabbitmq']);
      expect(Object.values(s.depends_on!).every((d) => d.condition === 'service_healthy')).toBe(true);
    }
    expect(Object.keys(compose.volumes)).toContain('composes');
    for (const name of ['postgres', 'rabbitmq']) expect(services[name]).toHaveProperty('healthcheck');
  });

  it('sets only options odcs knows, with values it accepts', () => {
    const known = new Set(
      Object.entries(CONFIG_OPTIONS).flatMap(([key, spec]) => [
        `ODCS_${key.toUpperCase()}`,
        ...((spec as { aliases?: string[] }).aliases ?? []),
      ]),
    );
    for (const [name, s] of odcs) {
      const env = Object.fromEntries(Object.entries(s.environment!).map(([k, v]) => [k, v.replace(/\$\{\w+:-([^}]*)\}/g, '$1')]));
      for (const key of Object.keys(env)) expect(known.has(key), `${name}: ${key}`).toBe(true);
      const config = loadConfig(env);
      expect(config.log_format).toBe('json');
      expect(config.expected_backend_number).toBe(backends.length);
    }
  });
});

describe('Dockerfile', () => {
  it('installs every workspace package before npm ci, and the RPM tools only in the backend', () => {
    const build = stages.get('build')!.lines.join('\n');
    const before = build.slice(0, build.indexOf('RUN npm ci'));
    for (const dir of ['apps', 'libs']) {
      for (const name of readdirSync(dir)) expect(before, `${dir}/${name}`).toContain(`COPY ${dir}/${name}/package.json ${dir}/${name}/`);
    }
    expect(stages.get('frontend')!.lines.join('\n')).not.toContain('createrepo');
    expect(stages.get('backend')!.lines.join('\n')).toContain('createrepo-c');
    expect(dockerfile).toMatch(/HEALTHCHECK[^\n]*\n[^\n]*\/health\/ready/);
  });

  it('has an entry point that starts each role the targets name', () => {
    const entry = readFileSync('docker-entrypoint.sh', 'utf8');
    for (const role of ['frontend', 'backend', 'standalone']) {
      expect(cmdOf(role)).toBe(role);
      expect(entry).toMatch(new RegExp(`${role}[|)]`));
    }
  });
});
