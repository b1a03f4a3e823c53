import { Inject, Injectable } from '@nestjs/common';
import { ENGINE_OPTIONS, type EngineOptions } from '../engine.options.js';
import { fetchJson } from './json-fetch.js';
import { pungiComposeContent, rpmsJsonLocation, type PungiComposeContent } from './pungi-compose-content.js';

/**
 * Resolves a pungi_compose source (the URL of a variant of an existing compose) into the
 * sigkeys, arches, builds and packages that reproduce it (CONTRACT §8.3).
 */
@Injectable()
export class PungiComposeResolver {
  constructor(@Inject(ENGINE_OPTIONS) private readonly options: EngineOptions) {}

  async resolve(variantUrl: string, signal?: AbortSignal): Promise<PungiComposeContent> {
    const { url, variant } = rpmsJsonLocation(variantUrl);
    const document = await fetchJson(url, {
      timeoutSeconds: this.options.netTimeout,
      retryIntervalSeconds: this.options.netRetryInterval,
      signal,
    });
    return pungiComposeContent(document, url, variant);
  }
}
