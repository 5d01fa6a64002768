/**
 * The SQLite writer thread's code, as a CommonJS script run with `new Worker(source, { eval: true })`.
 * A string rather than a file so that it runs the same from TypeScript sources (tests, tsx) and
 * from the compiled package, with no loader. It receives each batch as ONE JSON string (cheap to
 * hand across threads), converts records to rows exactly as columns.ts `toRow(…, "sqlite")`
 * does, and inserts the batch in one transaction.
 */
export const SQLITE_WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("busy_timeout = 1000");
for (const sql of workerData.ddl) db.exec(sql);
const insert = db.prepare(workerData.insertSql);
const columns = workerData.columns;
const kinds = workerData.kinds;
function cell(v, kind) {
  if (v === null || v === undefined) return null;
  if (kind === "json") return JSON.stringify(v);
  if (kind === "bool") return v ? 1 : 0;
  if (kind === "int" && typeof v === "number") return Math.round(v);
  return v;
}
const insertAll = db.transaction((records) => {
  for (const r of records) insert.run(columns.map((c, i) => cell(r[c], kinds[i])));
});
parentPort.on("message", (msg) => {
  if (msg.type === "close") {
    db.close();
    parentPort.close();
    return;
  }
  try {
    insertAll(JSON.parse(msg.json));
    parentPort.postMessage({ id: msg.id, ok: true });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, message: String((e && e.message) || e), code: e && e.code });
  }
});
`;
