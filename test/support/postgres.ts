/**
 * PostgreSQL for the tests that need a real server: TOLLGATE_TEST_POSTGRES_URL, or
 * postgres://postgres@127.0.0.1:5432/test. `postgresDown()` says why the server cannot be used
 * (null when it can); under CI=true an unreachable server throws instead, so a suite that
 * needs it fails rather than skipping.
 */
import pg from "pg";
import { describe, it } from "vitest";

export const PG_URL = process.env.TOLLGATE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** The URL without its credentials, for messages. */
export const PG_SHOWN = PG_URL.replace(/\/\/[^@]*@/, "//");

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Null when PostgreSQL answers; otherwise the reason, after registering a visibly skipped test
 * named `suite` that says so. Throws under CI=true.
 */
export async function postgresDown(suite: string): Promise<string | null> {
  const down = await reachable();
  if (down === null) return null;
  if (process.env.CI === "true") {
    throw new Error(`PostgreSQL is unreachable at ${PG_SHOWN} and CI=true: ${down}`);
  }
  console.warn(`PostgreSQL tests SKIPPED: unreachable at ${PG_SHOWN}: ${down}`);
  describe(suite, () => {
    it.skip(`SKIPPED: PostgreSQL unreachable at ${PG_SHOWN} (${down}); set CI=true to make this a failure`, () => {});
  });
  return down;
}
