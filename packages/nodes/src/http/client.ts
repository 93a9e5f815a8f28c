import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { addressRefusal, hostnameRefusal } from './address-policy.ts';
import { createAllowlist } from './allowlist.ts';
import { HttpClientError, HttpRefusedError } from './errors.ts';

export interface HttpClientOptions {
  /**
   * Hosts the address policy does not apply to: `host` or `host:port`, exactly as written in the
   * URL (the runtime reads them from TRACKWAY_HTTP_ALLOW_HOSTS).
   */
  readonly allowHosts?: readonly string[];
  /** Whole request, redirects and body included. Default 10 s. */
  readonly timeoutMs?: number;
  /** Largest response body accepted. Default 1 MiB. */
  readonly maxResponseBytes?: number;
  /** Default 5. */
  readonly maxRedirects?: number;
}

export interface HttpRequestInit {
  readonly method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Where the response finally came from, after redirects. */
  readonly url: string;
  readonly body: Uint8Array;
  text(): string;
  /** Parses the body as JSON; throws a SyntaxError naming the URL when it is not JSON. */
  json(): unknown;
}

export interface HttpClient {
  request(url: string, init?: HttpRequestInit): Promise<HttpResponse>;
  close(): Promise<void>;
}

const DEFAULTS = { timeoutMs: 10_000, maxResponseBytes: 1024 * 1024, maxRedirects: 5 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Credentials meant for one origin must not follow a redirect to another. */
const ORIGIN_BOUND_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * DNS resolution for guarded connections: every address a name resolves to is checked, and the
 * socket connects to exactly the addresses checked here. Checking in the connection's own lookup
 * (rather than resolving first and connecting by name later) leaves no window for DNS rebinding.
 */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    for (const { address } of addresses) {
      const refusal = addressRefusal(address);
      if (refusal)
        return callback(new HttpRefusedError(`${hostname} resolves to ${address}, which ${refusal}`) as NodeJS.ErrnoException, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

/** Refuses what can be refused before connecting: the scheme, IP literals and metadata host names. */
function checkTarget(url: URL, allowed: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpRefusedError(`only http and https URLs may be requested, not ${url.protocol.slice(0, -1)}`);
  }
  if (allowed) return;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // The URL parser has already turned 2130706433, 0177.0.0.1 and 0x7f.1 into 127.0.0.1.
  if (isIP(host)) {
    const refusal = addressRefusal(host);
    if (refusal) throw new HttpRefusedError(`${host} ${refusal}`);
    return;
  }
  const refusal = hostnameRefusal(host);
  if (refusal) throw new HttpRefusedError(refusal);
}

function parseUrl(raw: string, base?: URL): URL {
  try {
    return new URL(raw, base);
  } catch {
    throw new HttpRefusedError(`"${raw.slice(0, 200)}" is not a valid URL`);
  }
}

function refusalIn(error: unknown): HttpRefusedError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof HttpRefusedError) return e;
  }
  return undefined;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readLimited(body: Dispatcher.ResponseData['body'], limit: number, url: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new HttpClientError('HTTP_TOO_LARGE', `the response from ${url} is larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The one outbound HTTP client of Trackway (node packages, connectors, webhooks): refuses
 * loopback, private, link-local, metadata and other special addresses however they are spelled
 * or resolved, follows at most `maxRedirects` redirects itself and checks every target, accepts
 * only http(s), and bounds time and response size.
 *
 * @example
 * const http = createHttpClient({ allowHosts: ['crm.internal:8443'] });
 * const res = await http.request('https://crm.internal:8443/customers?phone=%2B49301234567');
 * if (res.status === 200) console.log(res.json());
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const allowlist = createAllowlist(options.allowHosts);
  const guarded = new Agent({ connect: { lookup: guardedLookup } });
  // Allowlisted hosts skip the address policy, on connections of their own.
  const trusted = new Agent();
  const maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;

  async function send(url: URL, init: HttpRequestInit, signal: AbortSignal, limit: number): Promise<HttpResponse> {
    let current = url;
    let method: string = init.method ?? 'GET';
    let body = init.body;
    let headers: Record<string, string> = { ...init.headers };
    for (let hop = 0; ; hop++) {
      const allowed = allowlist.allows(current);
      checkTarget(current, allowed);
      let res: Dispatcher.ResponseData;
      try {
        res = await request(current, {
          dispatcher: allowed ? trusted : guarded,
          method: method as Dispatcher.HttpMethod,
          headers,
          body,
          signal,
        });
      } catch (error) {
        throw translate(error, current, signal);
      }
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode) || typeof location !== 'string') {
        let data: Uint8Array;
        try {
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > limit) {
            res.body.destroy();
            throw new HttpClientError('HTTP_TOO_LARGE', `the response from ${current.href} is larger than ${limit} bytes`);
          }
          data = await readLimited(res.body, limit, current.href);
        } catch (error) {
          throw translate(error, current, signal);
        }
        return response(res.statusCode, flattenHeaders(res.headers), current.href, data);
      }
      await res.body.dump().catch(() => undefined);
      if (hop >= maxRedirects) {
        throw new HttpClientError('HTTP_TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects, the last to ${location.slice(0, 200)}`);
      }
      const next = parseUrl(location, current);
      if (next.origin !== current.origin) {
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !ORIGIN_BOUND_HEADERS.includes(name.toLowerCase())));
      }
      // 303 always, and 301/302 after a POST by long-standing browser practice, continue as GET.
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
      }
      current = next;
    }
  }

  function translate(error: unknown, url: URL, signal: AbortSignal): Error {
    const refused = refusalIn(error);
    if (refused) return refused;
    if (error instanceof HttpClientError) return error;
    if (signal.aborted || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
      return new HttpClientError('HTTP_TIMEOUT', `no complete answer from ${url.origin} in time`, { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new HttpClientError('HTTP_NETWORK', `could not reach ${url.origin}: ${message}`, { cause: error });
  }

  return {
    async request(raw, init = {}) {
      const url = parseUrl(raw);
      const signal = AbortSignal.timeout(init.timeoutMs ?? options.timeoutMs ?? DEFAULTS.timeoutMs);
      return send(url, init, signal, init.maxResponseBytes ?? options.maxResponseBytes ?? DEFAULTS.maxResponseBytes);
    },
    async close() {
      await Promise.all([guarded.close(), trusted.close()]);
    },
  };
}

function response(status: number, headers: Record<string, string>, url: string, body: Uint8Array): HttpResponse {
  return {
    status,
    headers,
    url,
    body,
    text: () => new TextDecoder().decode(body),
    json() {
      try {
        return JSON.parse(new TextDecoder().decode(body)) as unknown;
      } catch (error) {
        throw new SyntaxError(`the response from ${url} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
