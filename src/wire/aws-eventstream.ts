/**
 * AWS event-stream framing (`application/vnd.amazon.eventstream`), used by Bedrock's
 * ConverseStream and InvokeModelWithResponseStream: bytes → messages, and messages → bytes.
 *
 * Frame layout (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html,
 * https://smithy.io/2.0/aws/amazon-eventstream.html): a 12-byte prelude (total length, headers
 * length, both big-endian uint32, then a CRC32 of those 8 bytes), the headers, the payload, and a
 * CRC32 of everything before it. `@smithy/eventstream-codec` parses one whole frame and checks both
 * CRCs; this module buffers partial frames, splits chunks holding several, and checks the prelude
 * early so a corrupt length cannot make it wait for gigabytes that never come.
 */
import { createRequire } from "node:module";
import type { EventStreamCodec, Message, MessageHeaders } from "@smithy/eventstream-codec";
import type * as Utf8 from "@smithy/util-utf8";

/** The headers of a message, as strings (`:event-type`, `:message-type`, …). */
export interface EventStreamHeaders {
  ":event-type"?: string;
  /** `event`, `exception` or `error`. */
  ":message-type"?: string;
  ":exception-type"?: string;
  ":content-type"?: string;
  /** Set on `:message-type: error` messages. */
  ":error-code"?: string;
  ":error-message"?: string;
  [name: string]: string | undefined;
}

/** One decoded message: its headers and its raw payload. */
export interface EventStreamMessage {
  headers: EventStreamHeaders;
  body: Uint8Array;
}

/** The byte stream is not valid event-stream framing (bad CRC, impossible length, cut short). */
export class EventStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EventStreamError";
  }
}

const PRELUDE = 12;
const MIN_MESSAGE = 16;
/** The spec caps payloads at 16 MiB and headers at 128 KiB; anything larger is corruption. */
const MAX_MESSAGE = 16 * 1024 * 1024 + 128 * 1024 + MIN_MESSAGE;

let loaded: { codec: EventStreamCodec; fromUtf8: typeof Utf8.fromUtf8 } | undefined;

/** The codec, loaded on first use: only Bedrock speaks event streams, so most gateways never do. */
function smithy(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const { EventStreamCodec: Codec } = require("@smithy/eventstream-codec") as {
    EventStreamCodec: typeof EventStreamCodec;
  };
  const utf8 = require("@smithy/util-utf8") as typeof Utf8;
  loaded = { codec: new Codec(utf8.toUtf8, utf8.fromUtf8), fromUtf8: utf8.fromUtf8 };
  return loaded;
}

/**
 * Decodes an event-stream byte stream into messages as each frame completes. Frames may be cut at
 * any byte and several may share one chunk. Throws `EventStreamError` on a bad CRC, an impossible
 * length, or a stream that ends inside a frame.
 */
export async function* decodeEventStream(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<EventStreamMessage> {
  const queue = new ByteQueue();
  let need = 0; // total length of the frame being read, once its prelude is checked
  for await (const chunk of body) {
    if (chunk.byteLength === 0) continue;
    queue.push(chunk);
    while (true) {
      if (need === 0) {
        if (queue.length < PRELUDE) break;
        need = checkPrelude(queue.peek(PRELUDE));
      }
      if (queue.length < need) break;
      yield decodeFrame(queue.take(need));
      need = 0;
    }
  }
  if (queue.length > 0) {
    throw new EventStreamError(`event stream ended inside a frame (${queue.length} bytes left over)`);
  }
}

/** Encodes one message with string headers (what Bedrock sends); used by emulators and tests. */
export function encodeEventStreamMessage(
  headers: Record<string, string>,
  body: Uint8Array | string,
): Uint8Array {
  const raw: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers)) raw[name] = { type: "string", value };
  const { codec, fromUtf8 } = smithy();
  return codec.encode({ headers: raw, body: typeof body === "string" ? fromUtf8(body) : body });
}

/** Validates the 12-byte prelude and returns the frame's total length. */
function checkPrelude(prelude: Uint8Array): number {
  const view = new DataView(prelude.buffer, prelude.byteOffset, PRELUDE);
  const total = view.getUint32(0, false);
  const headers = view.getUint32(4, false);
  if (crc32(prelude.subarray(0, 8)) !== view.getUint32(8, false)) {
    throw new EventStreamError("event stream prelude checksum mismatch");
  }
  if (total < MIN_MESSAGE || total > MAX_MESSAGE || headers > total - MIN_MESSAGE) {
    throw new EventStreamError(`event stream frame has an impossible length (${total} bytes)`);
  }
  return total;
}

function decodeFrame(frame: Uint8Array): EventStreamMessage {
  let message: Message;
  try {
    message = smithy().codec.decode(frame);
  } catch (err) {
    throw new EventStreamError(`invalid event stream frame: ${(err as Error).message}`);
  }
  const headers: EventStreamHeaders = {};
  for (const [name, h] of Object.entries(message.headers)) {
    if (h.type === "string" || h.type === "uuid") headers[name] = h.value;
    else if (h.type === "binary") headers[name] = Buffer.from(h.value).toString("base64");
    else if (h.type === "timestamp") headers[name] = h.value.toISOString();
    else headers[name] = String(h.value);
  }
  return { headers, body: message.body };
}

/** A queue of chunks that hands out whole frames without re-concatenating on every push. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  length = 0;

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
  }

  /** The first `n` bytes (n ≤ length), without consuming them. */
  peek(n: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.byteLength >= n) return first.subarray(0, n);
    return this.gather(n, false);
  }

  /** Removes and returns the first `n` bytes (n ≤ length). */
  take(n: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.byteLength >= n) {
      const out = first.subarray(0, n);
      if (first.byteLength === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.length -= n;
      return out;
    }
    return this.gather(n, true);
  }

  private gather(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let i = 0;
    while (filled < n) {
      const c = this.chunks[i]!;
      const part = c.subarray(0, Math.min(c.byteLength, n - filled));
      out.set(part, filled);
      filled += part.byteLength;
      if (consume && part.byteLength < c.byteLength) this.chunks[i] = c.subarray(part.byteLength);
      else i++;
    }
    if (consume) {
      this.chunks.splice(0, i);
      this.length -= n;
    }
    return out;
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC32 (IEEE), for the 8-byte prelude only; the codec checks the whole-message CRC. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
