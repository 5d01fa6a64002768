/** A loopback webhook receiver for alert tests: collects every JSON body POSTed to it. */
import { createServer } from "node:http";

export interface Webhook {
  url: string;
  posts: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startWebhook(): Promise<Webhook> {
  const posts: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (d) => {
      text += d;
    });
    req.on("end", () => {
      posts.push(JSON.parse(text) as Record<string, unknown>);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    posts,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
