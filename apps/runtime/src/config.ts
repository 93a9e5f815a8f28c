import { z } from 'zod';

/**
 * Runtime configuration from the environment, with defaults for the embedded platform. Pointing
 * TEMPORAL_ADDRESS (+ TLS / API key) at a real cluster or Temporal Cloud is the scale-out path:
 * run more workers against it; the API is stateless.
 */
const EnvSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('trackway'),
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false'),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
});

export interface RuntimeConfig {
  readonly databaseUrl: string | undefined;
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    readonly taskQueue: string;
    readonly tls: boolean;
    readonly tlsCertPath?: string;
    readonly tlsKeyPath?: string;
    readonly apiKey?: string;
  };
  readonly http: { readonly host: string; readonly port: number };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid runtime configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: e.TEMPORAL_TLS === 'true' || e.TEMPORAL_API_KEY !== undefined,
      ...(e.TEMPORAL_TLS_CERT_PATH ? { tlsCertPath: e.TEMPORAL_TLS_CERT_PATH } : {}),
      ...(e.TEMPORAL_TLS_KEY_PATH ? { tlsKeyPath: e.TEMPORAL_TLS_KEY_PATH } : {}),
      ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}),
    },
    http: { host: e.HOST, port: e.PORT },
  };
}
