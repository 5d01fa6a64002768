/**
 * The admin port (its own listener, loopback by default): Prometheus `/metrics` and health. It
 * never serves proxy traffic. Governance CRUD and the console come later on this same port.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Observability } from "../observability/index.js";

export interface AdminServer {
  server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export function createAdminServer(obs: Observability): AdminServer {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/metrics") {
      obs.metrics.render().then(
        (text) => {
          res.writeHead(200, { "content-type": obs.metrics.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end("metrics unavailable\n");
        },
      );
      return;
    }
    if (req.method === "GET" && (path === "/healthz" || path === "/readyz")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"status":"ok"}');
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `No admin route for '${path}'.`, code: "route_not_found" } }));
  });
  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
