/**
 * The real services tests run against: PostgreSQL (TOLLGATE_TEST_POSTGRES_URL, default
 * postgres://postgres@127.0.0.1:5432/test) and Redis (TOLLGATE_TEST_REDIS_URL, default
 * redis://127.0.0.1:6379). A test file probes a service once at load time: when it is
 * unreachable the file's suites skip with a message saying so, except under CI=true, where the
 * file fails instead (a skipped suite must never pass for a green run).
 */
import { Redis } from "ioredis";
import pg from "pg";
import { describe, it } from "vitest";

export const POSTGRES_URL =
  process.env.TOLLGATE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const REDIS_URL = process.env.TOLLGATE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export type Service = "PostgreSQL" | "Redis";

/** The URL without credentials, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//");
}

const URLS: Record<Service, string> = { PostgreSQL: POSTGRES_URL, Redis: REDIS_URL };

async function probePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probeRedis(): Promise<void> {
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let cause: Error | undefined;
  client.on("error", (error: Error) => {
    cause = error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    // why: connect() only says "Connection is closed."; the error event says why (ECONNREFUSED…).
    throw cause ?? error;
  } finally {
    client.disconnect();
  }
}

/**
 * Null when the service answers, else why not (and a warning is printed). Under CI=true an
 * unreachable service throws, failing the test file.
 */
export async function serviceDown(service: Service): Promise<string | null> {
  try {
    await (service === "PostgreSQL" ? probePostgres() : probeRedis());
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const where = redact(URLS[service]);
    if (process.env.CI === "true")
      throw new Error(`${service} is unreachable at ${where} and CI=true: ${reason}`);
    console.warn(`${service} tests SKIPPED: unreachable at ${where}: ${reason}`);
    return reason;
  }
}

/** A visible skipped test in place of a suite whose service is down, saying why. */
export function describeSkipped(title: string, service: Service, reason: string): void {
  describe(title, () => {
    it.skip(`SKIPPED: ${service} unreachable at ${redact(URLS[service])} (${reason}); set CI=true to make this a failure`, () => {});
  });
}

/** A short random suffix for per-run database names and key prefixes. */
export function runId(): string {
  return Math.random().toString(36).slice(2, 10);
}
