import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { beforeLastByte } from "./last-byte.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A loopback server whose handler gets the response; resolves with its URL. */
async function serve(handler: (res: ServerResponse) => void): Promise<string> {
  const server = createServer((_req, res) => handler(res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  close = () => new Promise((r) => server.close(() => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("beforeLastByte", () => {
  it("commits once, inside the final end(), before its bytes are written", async () => {
    const order: string[] = [];
    const url = await serve((res) => {
      beforeLastByte(res, () => order.push(`commit (ended: ${res.writableEnded})`));
      res.write("a");
      order.push("wrote a");
      res.end("b");
      order.push("after end");
      res.end();
    });
    expect(await (await request(url)).body.text()).toBe("ab");
    expect(order).toEqual(["wrote a", "commit (ended: false)", "after end"]);
  });

  it("still ends the response when the commit throws", async () => {
    const url = await serve((res) => {
      beforeLastByte(res, () => {
        throw new Error("boom");
      });
      res.end("ok");
    });
    expect(await (await request(url)).body.text()).toBe("ok");
  });

  it("does not commit for a response whose socket is already gone", async () => {
    let committed = false;
    let ended!: () => void;
    const done = new Promise<void>((r) => {
      ended = r;
    });
    const url = await serve((res) => {
      beforeLastByte(res, () => {
        committed = true;
      });
      res.destroy();
      res.end();
      ended();
    });
    await request(url).catch(() => undefined);
    await done;
    expect(committed).toBe(false);
  });
});
