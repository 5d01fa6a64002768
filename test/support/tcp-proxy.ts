/**
 * A loopback TCP proxy a test controls, to make a real server unreachable for one client without
 * stopping it (the PostgreSQL server is shared). `cut("reset")` closes every connection and
 * refuses new ones at once (a server restart, a refused port); `cut("blackhole")` keeps sockets
 * open but moves no bytes (a network partition: the client only learns by its own timeouts).
 * `restore()` forwards again; sockets held by a blackhole are closed then, as a partition's
 * connections end up being.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

export type CutMode = "reset" | "blackhole";

export interface TcpProxy {
  port: number;
  /** Connections accepted so far (each also opens one upstream). */
  readonly accepted: number;
  cut(mode: CutMode): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(upstream: { host: string; port: number }): Promise<TcpProxy> {
  let mode: CutMode | null = null;
  let accepted = 0;
  const live = new Set<Socket>();
  const held = new Set<Socket>();

  const server: Server = createServer((client) => {
    if (mode === "reset") {
      client.destroy();
      return;
    }
    if (mode === "blackhole") {
      client.on("error", () => undefined);
      held.add(client);
      return;
    }
    accepted++;
    const up = connect(upstream.port, upstream.host);
    const pair = [client, up];
    for (const s of pair) {
      live.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        live.delete(s);
        for (const other of pair) other.destroy();
      });
    }
    client.pipe(up);
    up.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));

  return {
    port: (server.address() as { port: number }).port,
    get accepted() {
      return accepted;
    },
    cut(m) {
      mode = m;
      for (const s of live) {
        if (m === "reset") s.destroy();
        else {
          // Bytes stop in both directions; the sockets stay open.
          s.unpipe();
          s.pause();
          held.add(s);
        }
      }
    },
    restore() {
      mode = null;
      for (const s of held) s.destroy();
      held.clear();
    },
    async close() {
      for (const s of [...live, ...held]) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
