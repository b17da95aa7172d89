/** Configuration, read from the environment once, typed, with defaults for running on one laptop. */
import type { AppConfig, MailSettings } from '../app/index.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Folder of the embedded database. */
  readonly dataDir: string;
  /** A folder of framework files (JSON or YAML) loaded at start-up, beside the built-in frameworks. */
  readonly frameworksDir: string | undefined;
  /** Use this PostgreSQL server instead of the embedded database. */
  readonly databaseUrl: string | undefined;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  /**
   * The reverse proxies whose X-Forwarded-* headers are believed (addresses or CIDRs, comma-separated, or
   * `loopback`), so cookies are Secure and HSTS is sent behind HTTPS; false: none. From anyone else those
   * headers are ignored, so a client cannot choose the address its failed sign-ins are counted against.
   */
  readonly trustProxy: string | false;
  readonly sessionHours: number;
  readonly maxFailuresPerAccount: number;
  readonly maxFailuresPerAddress: number;
  readonly failureWindowMinutes: number;
  /** Log requests (off in tests). */
  readonly logger: boolean;
  /** Where notifications are emailed through (SMTP_*); null (the default): no email, notifications in the service only. */
  readonly mail: MailSettings | null;
  /** The service's public address, for the links in emails (SERVICE_URL; default http://HOST:PORT). */
  readonly serviceUrl: string;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not '${raw}'`);
  return n;
}

const ADDRESS_OR_CIDR = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)(\/\d{1,3})?$/i;
const PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: `1`/`true` means a proxy on this machine (loopback), as before; otherwise a list of proxies. */
function trustedProxies(raw: string | undefined): string | false {
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return 'loopback';
  const list = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = list.filter((p) => !PRESETS.has(p) && !ADDRESS_OR_CIDR.test(p));
  if (bad.length || !list.length) {
    throw new ConfigError(`TRUST_PROXY must be 1 (a proxy on this machine) or the proxies' addresses or CIDRs separated by commas (e.g. 10.0.0.5,10.1.0.0/16), not '${raw}'`);
  }
  return list.join(',');
}

/** SMTP_HOST turns email on; SMTP_FROM is then required. SMTP_SECURE=1 (or port 465) for implicit TLS. */
function mailSettings(env: NodeJS.ProcessEnv): MailSettings | null {
  const host = env.SMTP_HOST?.trim();
  if (!host) return null;
  const port = int(env, 'SMTP_PORT', 587, 1, 65535);
  const from = env.SMTP_FROM?.trim();
  if (!from || !/^[^@\s]+@[^@\s]+$|<[^@\s]+@[^@\s]+>$/.test(from)) throw new ConfigError(`SMTP_FROM must be the address emails are sent from (e.g. inspect@example.org) when SMTP_HOST is set`);
  const secure = env.SMTP_SECURE === undefined || env.SMTP_SECURE === '' ? port === 465 : env.SMTP_SECURE === '1' || env.SMTP_SECURE === 'true';
  const user = env.SMTP_USER || undefined;
  if (env.SMTP_PASSWORD && !user) throw new ConfigError('SMTP_PASSWORD needs SMTP_USER');
  return { host, port, secure, from, ...(user ? { user, password: env.SMTP_PASSWORD ?? '' } : {}) };
}

function serviceUrl(env: NodeJS.ProcessEnv, host: string, port: number): string {
  const raw = env.SERVICE_URL?.trim();
  if (!raw) return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!/^https?:\/\/[^\s]+$/.test(raw)) throw new ConfigError(`SERVICE_URL must be the service's address starting with https:// or http://, not '${raw}'`);
  return raw.replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://`);
  }
  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  return {
    port,
    host,
    mail: mailSettings(env),
    serviceUrl: serviceUrl(env, host, port),
    dataDir: env.DATA_DIR || './data',
    frameworksDir: env.FRAMEWORKS_DIR?.trim() || undefined,
    databaseUrl,
    bodyLimit: int(env, 'BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    trustProxy: trustedProxies(env.TRUST_PROXY),
    sessionHours: int(env, 'SESSION_HOURS', 12, 1, 24 * 30),
    maxFailuresPerAccount: 5,
    maxFailuresPerAddress: 20,
    failureWindowMinutes: 15,
    logger: env.LOG_REQUESTS === '1',
    ...overrides,
  };
}

/** The application layer's part of the configuration. */
export function appConfig(config: Config): AppConfig {
  return {
    accounts: {
      sessionHours: config.sessionHours,
      maxFailuresPerAccount: config.maxFailuresPerAccount,
      maxFailuresPerAddress: config.maxFailuresPerAddress,
      failureWindowMinutes: config.failureWindowMinutes,
    },
    notifications: { mail: config.mail, serviceUrl: config.serviceUrl },
  };
}

/** Defaults for tests and tools: no environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({}, { logger: false, ...overrides });
}
