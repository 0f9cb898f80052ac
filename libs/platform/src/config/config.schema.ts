import { existsSync } from 'node:fs';
import { z } from 'zod';

const postgresUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a postgres:// URL with a host')
  .optional();

const redisUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a redis:// or rediss:// URL with a host')
  .optional();

const smtpUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an smtp:// or smtps:// URL with a host')
  .optional();

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every variable the hub reads, with its type, default and meaning. `.env.example` is printed from this. */
export const CONFIG_SCHEMA = z.object({
  PORT: int(0, 65535).default(3000).describe('HTTP and socket.io port'),
  DATABASE_URL: postgresUrl.describe(
    'PostgreSQL connection URL; unset: an embedded PostgreSQL is started under HUB_DATA_DIR',
  ),
  REDIS_URL: redisUrl.describe(
    'Redis URL for queues, the socket.io adapter and rate limits; unset: queues run on PostgreSQL, one process',
  ),
  HUB_DATA_DIR: z
    .string()
    .min(1)
    .default('./.hub-data')
    .describe('Where the embedded database keeps its files'),
  HUB_BOOTSTRAP_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters')
    .max(256)
    .optional()
    .describe('When set and no admin exists yet, an admin with this bearer token is created at start-up'),
  HUB_PROTOCOL_FILE: z
    .string()
    .refine((p) => existsSync(p), 'file not found')
    .optional()
    .describe('YAML file of protocols (levels, criteria, deadlines) replacing the built-in ones'),
  HUB_URL_RULES_FILE: z
    .string()
    .refine((p) => existsSync(p), 'file not found')
    .optional()
    .describe(
      'YAML file of URL identity rules (host aliases, content ids per platform) replacing config/url-rules.yaml',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level (readable lines on a terminal, JSON lines otherwise)'),
  HUB_RETENTION_DAYS: int(1, 3650)
    .default(180)
    .describe('Days after an incident closes before personal metadata is purged'),
  HUB_OVERDUE_REPEAT_MINUTES: z.coerce
    .number()
    .positive()
    .max(1440)
    .default(15)
    .describe('How often an overdue cell re-notifies the platform and the coordinators'),
  HUB_WEBHOOK_TIMEOUT_MS: int(100, 60_000)
    .default(10_000)
    .describe('Timeout of one webhook delivery attempt'),
  HUB_WEBHOOK_BACKOFF_MS: int(10, 600_000)
    .default(1000)
    .describe('First retry delay of a failed webhook; doubles (with jitter) up to an hour, for 24 hours'),
  HUB_WEBHOOK_ALLOW_PRIVATE: z
    .stringbool()
    .default(false)
    .describe(
      'true: webhooks may reach loopback, private, link-local and other non-public addresses (tests, on-premises platforms); false: refused at registration and at connection',
    ),
  HUB_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000)
    .default(1200)
    .describe('Requests per minute allowed to one token (HTTP) before 429'),
  HUB_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/, 'must be 1-32 lower-case letters, digits, - or _')
    .default('hub')
    .describe('Prefix of Redis keys and queue names, to share one Redis between hubs'),
  SMTP_URL: smtpUrl.describe(
    'Mail server for e-mail to contact points (smtp://user:pass@host:port, smtps:// for TLS); unset: no e-mail is sent',
  ),
  HUB_MAIL_FROM: z
    .string()
    .min(3)
    .max(320)
    .default('crisis-hub <crisis-hub@localhost>')
    .describe('Sender of the e-mails to contact points'),
  HUB_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional()
    .describe('The base of links in e-mails (receipt pages under /r/); unset: http://localhost:PORT'),
  HUB_MAIL_BATCH_SECONDS: z.coerce
    .number()
    .min(0.05)
    .max(3600)
    .default(10)
    .describe('E-mails to one platform about one incident are batched over this many seconds'),
  HUB_LINK_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .max(256)
    .optional()
    .describe('Key that signs receipt links; unset: a key generated once and kept in the database'),
  HUB_EMBEDDED_PG_PORT: int(0, 65535)
    .default(0)
    .describe('Port of the embedded PostgreSQL (0: a free port is chosen)'),
});

export type HubConfig = z.infer<typeof CONFIG_SCHEMA>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment into one typed object; a bad value names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(CONFIG_SCHEMA.shape)) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? undefined : value;
  }
  const parsed = CONFIG_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}

export function envExample(): string {
  const lines = ['# crisis-hub configuration. Every variable is optional; defaults shown.', ''];
  for (const [key, schema] of Object.entries(CONFIG_SCHEMA.shape)) {
    const description = (schema as z.ZodType).description ?? '';
    const parsed = (schema as z.ZodType).safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? String(parsed.data) : '';
    lines.push(`# ${description}`);
    lines.push(fallback === '' ? `# ${key}=` : `${key}=${fallback}`);
    lines.push('');
  }
  return lines.join('\n');
}
