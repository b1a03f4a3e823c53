import { HttpException } from '@nestjs/common';
import type { HealthCheckService, HealthIndicatorFunction } from '@nestjs/terminus';

/** The reply of either HTTP platform: Express's res.send and Fastify's reply.send both send an object as JSON. */
export interface JsonReply {
  status(code: number): { send(body: unknown): unknown };
}

/**
 * Runs the checks and answers with Terminus's JSON (`status`, `info`, `error`, `details`): 200 when
 * all are up, else 503 with a `message` naming each failing check and why.
 */
export async function sendHealth(res: JsonReply, health: HealthCheckService, checks: HealthIndicatorFunction[]): Promise<void> {
  try {
    res.status(200).send(await health.check(checks));
  } catch (e) {
    if (!(e instanceof HttpException)) throw e;
    const body = e.getResponse() as { error?: Record<string, { message?: string }> };
    const message = Object.entries(body.error ?? {})
      .map(([name, r]) => `${name}: ${r.message ?? 'down'}`)
      .join('; ');
    res.status(e.getStatus()).send({ ...body, message });
  }
}
