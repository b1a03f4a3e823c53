import { Ajv2020 } from 'ajv/dist/2020.js';
import type { TestApp, TestResponse } from './app.js';

type Doc = { paths: Record<string, Record<string, any>>; components: Record<string, unknown> };

/**
 * Checks real responses against the app's own OpenAPI document (/api/1/openapi.json): the
 * operation exists, documents the status, and the JSON body matches its schema.
 */
export class OpenApiChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly validators = new Map<string, (body: unknown) => boolean>();
  /** Each `METHOD path status` checked, for coverage assertions. */
  readonly seen = new Set<string>();

  private constructor(readonly doc: Doc) {
    this.ajv.addSchema({ $id: 'odcs', components: doc.components });
  }

  static async of(t: TestApp): Promise<OpenApiChecker> {
    const res = await fetch(`${t.baseUrl}/api/1/openapi.json`);
    if (res.status !== 200) throw new Error(`openapi.json: ${res.status}`);
    return new OpenApiChecker((await res.json()) as Doc);
  }

  /** The documented path template matching a concrete path (query string ignored). */
  template(path: string): string | undefined {
    const p = path.split('?')[0]!;
    return Object.keys(this.doc.paths).find((tpl) => new RegExp(`^${tpl.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(p));
  }

  /** Throws with the schema errors when the response is not what the document says. */
  check(method: string, path: string, res: TestResponse): void {
    const tpl = this.template(path);
    if (!tpl) throw new Error(`${path} is not in the OpenAPI document`);
    const op = this.doc.paths[tpl]![method.toLowerCase()];
    if (!op) throw new Error(`${method} ${tpl} is not in the OpenAPI document`);
    const response = op.responses?.[String(res.status)];
    if (!response) throw new Error(`${method} ${tpl} does not document status ${res.status}: ${res.text.slice(0, 200)}`);
    this.seen.add(`${method.toUpperCase()} ${tpl} ${res.status}`);
    for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, { required?: boolean }>)) {
      if (header.required && res.headers.get(name) === null) throw new Error(`${method} ${path} ${res.status} has no ${name} header`);
    }
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return;
    const key = `${method} ${tpl} ${res.status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"odcs#/components/')));
      this.validators.set(key, validate);
    }
    if (!validate(res.body)) {
      throw new Error(`${method} ${path} ${res.status} does not match the document: ${this.ajv.errorsText((validate as any).errors)}`);
    }
  }

  /**
   * For whole-suite runs (ODCS_OPENAPI_CHECK=1): checks responses of documented operations;
   * redirects the operation does not document (308 to the slash spelling) and 405s of
   * undocumented methods are left alone.
   */
  checkDocumented(method: string, path: string, res: TestResponse): void {
    const tpl = this.template(path);
    const op = tpl ? this.doc.paths[tpl]![method.toLowerCase()] : undefined;
    if (!op || res.status === 405) return;
    if (res.status >= 300 && res.status < 400 && !op.responses?.[String(res.status)]) return;
    this.check(method, path, res);
  }

  /** `t.request` that checks every response. */
  checked(t: TestApp): TestApp['request'] {
    return async (method, path, body, headers) => {
      const res = await t.request(method, path, body, headers);
      this.check(method, path, res);
      return res;
    };
  }
}
