/**
 * The smallest cookie jar that drives an OpenID login without a browser: one host (127.0.0.1,
 * where cookies are shared across ports, as in browsers), Path scoping, Max-Age=0 deletion.
 */
export class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  /** `observe` sees every response (e.g. TestApp.checkResponse, for the OpenAPI check). */
  constructor(private readonly observe?: (method: string, url: string, res: Response) => Promise<void>) {}

  /** Records the Set-Cookie headers of a response. */
  store(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = header.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string): string | undefined => attrs.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr('path') ?? '/';
      const expires = attr('expires');
      const deleted = attr('max-age') === '0' || value === '' || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (deleted) this.cookies.delete(`${name}|${path}`);
      else this.cookies.set(`${name}|${path}`, { name, value, path });
    }
  }

  /** The Cookie header for a URL, or undefined when no cookie applies. */
  header(url: string): string | undefined {
    const path = new URL(url).pathname;
    const matching = [...this.cookies.values()].filter(
      (c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
    );
    return matching.length === 0 ? undefined : matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  get(name: string): string | undefined {
    return [...this.cookies.values()].find((c) => c.name === name)?.value;
  }

  /** fetch without following redirects, sending and storing cookies. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(res);
    await this.observe?.(init.method ?? 'GET', url, res);
    return res;
  }
}

/** The absolute target of a redirect response; fails the test when the response is not one. */
export function redirectTarget(res: Response, from: string): string {
  const location = res.headers.get('location');
  if (res.status < 300 || res.status > 399 || !location) throw new Error(`expected a redirect from ${from}, got HTTP ${res.status}`);
  return new URL(location, from).toString();
}
