/**
 * `@trackway/nodes/http`: the SSRF-guarded outbound HTTP client. Node-only (sockets, DNS), so it
 * is a separate package entry and never part of the workflow-safe main entry.
 */
export { createHttpClient, type HttpClient, type HttpClientOptions, type HttpRequestInit, type HttpResponse } from './client.ts';
export { HttpClientError, HttpRefusedError, type HttpErrorCode } from './errors.ts';
export { addressRefusal, hostnameRefusal } from './address-policy.ts';
export { createAllowlist, type HostAllowlist } from './allowlist.ts';
