import { createHttpClient, type HttpClient } from '@trackway/nodes/http';
import { loadOutboundConfig } from './config.ts';

let shared: HttpClient | undefined;

/**
 * The worker's outbound HTTP client, configured from the environment (TRACKWAY_HTTP_ALLOW_HOSTS).
 * One per process: its connection pools are meant to be shared by every activity.
 */
export function outboundHttpFromEnv(): HttpClient {
  shared ??= createHttpClient({ allowHosts: loadOutboundConfig().allowHosts });
  return shared;
}
