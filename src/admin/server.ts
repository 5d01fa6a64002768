/**
 * The admin port (its own listener, loopback by default): Prometheus `/metrics` and health (open),
 * and the admin API under `/admin/v1/` (admin token; `router.ts`). It never serves proxy traffic.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Observability } from "../observability/index.js";
import type { GatewayState } from "../server/gateway-state.js";
import { AdminRouter } from "./router.js";
import { ADMIN_ROUTES } from "./routes/index.js";

export interface AdminServer {
  server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export function createAdminServer(obs: Observability, gw: GatewayState): AdminServer {
  const router = new AdminRouter(ADMIN_ROUTES);
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (router.owns(path)) {
      void router.serve(req, res, gw);
      return;
    }
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
