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

/**
 * Outbound HTTP (CRM lookups, webhooks, connectors). Hosts listed here skip the SSRF address
 * policy, e.g. a CRM on the internal network: `crm.internal:8443,10.0.4.7`.
 */
const OutboundEnvSchema = z.object({
  TRACKWAY_HTTP_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== ''),
    ),
  /** For phone numbers written without a country code, unless a node says otherwise. */
  TRACKWAY_DEFAULT_PHONE_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code such as DE')
    .optional(),
});

export interface OutboundConfig {
  readonly allowHosts: readonly string[];
  readonly defaultPhoneCountry?: string;
}

/** The outbound part alone: activities read it without needing the rest of the runtime's settings. */
export function loadOutboundConfig(env: Record<string, string | undefined> = process.env): OutboundConfig {
  const parsed = OutboundEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid runtime configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    allowHosts: e.TRACKWAY_HTTP_ALLOW_HOSTS,
    ...(e.TRACKWAY_DEFAULT_PHONE_COUNTRY ? { defaultPhoneCountry: e.TRACKWAY_DEFAULT_PHONE_COUNTRY } : {}),
  };
}

/** An empty variable counts as unset: `export TRACKWAY_SMTP_URL=` must not mean "SMTP at ''". */
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

/**
 * Notifications. Without TRACKWAY_SMTP_URL e-mails are recorded as not sent and runs go on;
 * without TRACKWAY_WEBHOOK_SECRET webhooks are refused (never sent unsigned). Messages name no
 * values: both variables hold secrets.
 */
const NotificationEnvSchema = z.object({
  TRACKWAY_SMTP_URL: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .refine(
        (s) => URL.canParse(s) && ['smtp:', 'smtps:'].includes(new URL(s).protocol),
        'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587',
      )
      .optional(),
  ),
  TRACKWAY_MAIL_FROM: z.preprocess(unsetIfEmpty, z.string().max(300).default('Trackway <trackway@localhost>')),
  TRACKWAY_WEBHOOK_SECRET: z.preprocess(
    unsetIfEmpty,
    z.string().min(16, 'must be at least 16 characters (e.g. from `openssl rand -hex 32`)').optional(),
  ),
});

export interface NotificationConfig {
  readonly smtp?: { readonly url: string; readonly from: string };
  readonly webhookSecret?: string;
}

/** The notification part alone, read by the activities like the outbound settings. */
export function loadNotificationConfig(env: Record<string, string | undefined> = process.env): NotificationConfig {
  const parsed = NotificationEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid runtime configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    ...(e.TRACKWAY_SMTP_URL ? { smtp: { url: e.TRACKWAY_SMTP_URL, from: e.TRACKWAY_MAIL_FROM } } : {}),
    ...(e.TRACKWAY_WEBHOOK_SECRET ? { webhookSecret: e.TRACKWAY_WEBHOOK_SECRET } : {}),
  };
}

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
  readonly notifications: NotificationConfig;
  readonly outbound: OutboundConfig;
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
    // Read at start so a bad SMTP URL or short secret stops the platform with a clear message.
    notifications: loadNotificationConfig(env),
    outbound: loadOutboundConfig(env),
  };
}
