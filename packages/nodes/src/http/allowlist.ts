/**
 * Hosts an operator lets through the address policy, e.g. a CRM on the internal network or a
 * fake server in tests: `host` (any port) or `host:port`. Matching is on the URL as written, so
 * allowing `127.0.0.1:4010` does not allow `localhost:4010` or any other port.
 */
export interface HostAllowlist {
  allows(url: URL): boolean;
  readonly entries: readonly string[];
}

interface Entry {
  readonly hostname: string;
  readonly port: string | undefined;
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

function parseEntry(raw: string): Entry {
  const text = raw.trim();
  let parsed: URL;
  try {
    parsed = new URL(`http://${text}`);
  } catch {
    throw new Error(`Allowed host "${raw}" is not a host or host:port`);
  }
  if (parsed.username || parsed.password || parsed.pathname !== '/' || parsed.search || parsed.hash) {
    throw new Error(`Allowed host "${raw}" is not a host or host:port`);
  }
  // URL drops ":80" as the default port; an explicit port in the entry still means that port only.
  const hasPort = /:\d+$/.test(text);
  return { hostname: parsed.hostname.toLowerCase(), port: hasPort ? parsed.port || '80' : undefined };
}

export function createAllowlist(entries: readonly string[] = []): HostAllowlist {
  const parsed = entries.filter((e) => e.trim() !== '').map(parseEntry);
  return {
    entries: parsed.map((e) => (e.port ? `${e.hostname}:${e.port}` : e.hostname)),
    allows(url) {
      const hostname = url.hostname.toLowerCase();
      const port = effectivePort(url);
      return parsed.some((e) => e.hostname === hostname && (e.port === undefined || e.port === port));
    },
  };
}
