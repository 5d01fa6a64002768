/**
 * Server-sent events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * bytes → events, and events → bytes. Providers map the events; they never see raw text.
 */

export interface SseEvent {
  /** The `event:` field, or undefined for the default `message` type. */
  event?: string;
  /** All `data:` lines of the event joined with "\n". */
  data: string;
  id?: string;
}

/**
 * Incremental SSE parser: feed decoded text, get the complete events so far. Handles CRLF, CR and
 * LF line ends, multi-line data, comments, and frames cut at any byte.
 */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event: string | undefined;
  private id: string | undefined;
  private pendingCr = false;

  push(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let buf = this.buffer + text;
    // A CR at the end of the previous piece already ended a line; drop the LF of a split CRLF.
    if (this.pendingCr && buf.startsWith("\n")) buf = buf.slice(1);
    this.pendingCr = false;
    // Line ends are found with indexOf (native) rather than a loop over every character; most
    // streams have no CR at all, so that search runs once.
    let start = 0;
    let lf = buf.indexOf("\n");
    let cr = buf.indexOf("\r");
    while (lf !== -1 || cr !== -1) {
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      this.line(buf.slice(start, end), out);
      start = end + 1;
      if (end === cr) {
        if (start === buf.length) this.pendingCr = true;
        else if (buf.charCodeAt(start) === 10) start++;
      }
      if (lf !== -1 && lf < start) lf = buf.indexOf("\n", start);
      if (cr !== -1 && cr < start) cr = buf.indexOf("\r", start);
    }
    this.buffer = buf.slice(start);
    return out;
  }

  /** Ends the stream; a final event without its blank line is dispatched (lenient, like browsers are not). */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.buffer) this.line(this.buffer, out);
    this.buffer = "";
    this.dispatch(out);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === "") {
      this.dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ":" comment
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id") this.id = value;
  }

  private dispatch(out: SseEvent[]): void {
    if (this.data.length > 0 || this.event !== undefined) {
      const ev: SseEvent = { data: this.data.join("\n") };
      if (this.event !== undefined) ev.event = this.event;
      if (this.id !== undefined) ev.id = this.id;
      out.push(ev);
    }
    this.data = [];
    this.event = undefined;
  }
}

/** Decodes a byte stream into SSE events as they complete. */
export async function* decodeSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  for await (const bytes of body) {
    const events = parser.push(decoder.decode(bytes, { stream: true }));
    for (const ev of events) yield ev;
  }
  const rest = decoder.decode();
  for (const ev of rest ? parser.push(rest) : []) yield ev;
  for (const ev of parser.end()) yield ev;
}

/**
 * Decodes a byte stream into SSE events, one array per read of `body` that completed any: the
 * events that arrived together stay together, so a consumer can handle them in one step.
 */
export async function* decodeSseBatches(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent[]> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  for await (const bytes of body) {
    const events = parser.push(decoder.decode(bytes, { stream: true }));
    if (events.length > 0) yield events;
  }
  const rest = decoder.decode();
  const tail = rest ? parser.push(rest) : [];
  for (const ev of parser.end()) tail.push(ev);
  if (tail.length > 0) yield tail;
}

/** Renders one SSE event. `data` containing newlines becomes several `data:` lines. */
export function encodeSse(data: string, event?: string): string {
  const head = event ? `event: ${event}\n` : "";
  if (data.indexOf("\n") === -1) return `${head}data: ${data}\n\n`;
  return `${head}${data
    .split("\n")
    .map((l) => `data: ${l}`)
    .join("\n")}\n\n`;
}
