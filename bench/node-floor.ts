/**
 * The "Node floor": the least a Node gateway can do per request — node:http in, undici out, the
 * JSON body parsed and re-serialised, the answer parsed and re-serialised, SSE relayed chunk by
 * chunk. The benchmark compares Tollgate's CPU per request against this process.
 * Usage: node --import tsx bench/node-floor.ts <listen-port> <upstream-base-url>
 */
import { createServer } from "node:http";
import { Agent, request } from "undici";

const [port, upstream] = [Number(process.argv[2] ?? 8100), process.argv[3] ?? "http://127.0.0.1:9101"];
const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256 });
const FORWARD = ["authorization", "x-api-key", "anthropic-version", "content-type"];

createServer(async (req, res) => {
  try {
    const parts: Buffer[] = [];
    for await (const c of req) parts.push(c as Buffer);
    const body = JSON.stringify(JSON.parse(Buffer.concat(parts).toString("utf8")));
    const headers: Record<string, string> = {};
    for (const h of FORWARD) if (typeof req.headers[h] === "string") headers[h] = req.headers[h];
    const up = await request(upstream + (req.url ?? "/"), { method: "POST", headers, body, dispatcher });
    const type = String(up.headers["content-type"] ?? "application/json");
    if (type.startsWith("text/event-stream")) {
      res.writeHead(up.statusCode, { "content-type": type, "cache-control": "no-cache" });
      res.flushHeaders();
      for await (const chunk of up.body) res.write(chunk);
      res.end();
      return;
    }
    const text = JSON.stringify(JSON.parse(await up.body.text()));
    res.writeHead(up.statusCode, { "content-type": type, "content-length": Buffer.byteLength(text) });
    res.end(text);
  } catch (err) {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { "content-type": "text/plain" }).end(String(err));
  }
}).listen(port, "127.0.0.1", () => process.stdout.write(`node floor on ${port} → ${upstream}\n`));
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0)); // exit cleanly: --cpu-prof writes
