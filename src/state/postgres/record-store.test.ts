/**
 * The RecordStore contract on a real PostgreSQL (test/support/services.ts). Every database it
 * uses is created for this run (`tollgate_state_<random>_<n>`) and dropped afterwards.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSkipped, POSTGRES_URL, runId, serviceDown } from "../../../test/support/services.js";
import { StateUnavailableError } from "../errors.js";
import { POSTGRES_MIGRATIONS } from "../migrations/postgres.js";
import { recordStoreContract } from "../record-store.contract.js";
import { openPostgresRecordStore } from "./record-store.js";

const pgDown = await serviceDown("PostgreSQL");
const run = runId();

describe.skipIf(pgDown !== null)("postgres RecordStore", () => {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  const created: string[] = [];
  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `tollgate_state_${run}_%`,
    ]);
    expect(rows).toEqual([]);
    await admin.end();
  });

  async function database(): Promise<string> {
    const name = `tollgate_state_${run}_${created.length + 1}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    created.push(name);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    return url.toString();
  }

  recordStoreContract("postgres", {
    migrations: POSTGRES_MIGRATIONS,
    async database() {
      const url = await database();
      return (migrations) =>
        openPostgresRecordStore({ url, poolMax: 4, ...(migrations ? { migrations } : {}) });
    },
  });

  it("keeps documents as JSONB and ledger times as BIGINT", async () => {
    const url = await database();
    const store = await openPostgresRecordStore({ url });
    await store.put("k", "id", { nested: { a: [1, 2] } });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      "SELECT jsonb_typeof(doc) AS t, doc->'nested'->'a' AS a FROM tollgate_documents",
    );
    expect(rows).toEqual([{ t: "object", a: [1, 2] }]);
    await client.end();
    await store.close();
  });
});

describe("postgres RecordStore: unreachable", () => {
  it("rejects open with StateUnavailableError when nothing listens on the port", async () => {
    await expect(
      openPostgresRecordStore({ url: "postgres://postgres@127.0.0.1:1/test" }),
    ).rejects.toBeInstanceOf(StateUnavailableError);
  });
});

if (pgDown) describeSkipped("postgres RecordStore", "PostgreSQL", pgDown);
