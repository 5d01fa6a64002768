/**
 * Throwaway PostgreSQL databases for one test file: `create()` makes `tollgate_<tag>_<run>_<n>`
 * and returns its URL; `dropAll()` drops every one made (call it in afterAll).
 */
import pg from "pg";
import { POSTGRES_URL, runId } from "./services.js";

export function pgDatabases(tag: string): { create(): Promise<string>; dropAll(): Promise<void> } {
  const run = runId();
  const made: string[] = [];
  const admin = async <T>(work: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };
  return {
    async create() {
      const name = `tollgate_${tag}_${run}_${made.length + 1}`;
      await admin((c) => c.query(`CREATE DATABASE "${name}"`));
      made.push(name);
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async dropAll() {
      await admin(async (c) => {
        for (const name of made) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}
