/**
 * Waits for a stream's first upstream read before the client is answered. Until the first byte
 * goes to the client, a failure is still invisible to it and the router can retry or fall back;
 * a provider that sends its headers and then resets, times out or closes empty fails the
 * attempt here instead of becoming an error event in the client's stream. Providers send their
 * first event right after the headers (OpenAI's role delta, Anthropic's `message_start`, Gemini's
 * first candidate), so the wait costs about nothing.
 */
import { GatewayError } from "../canonical/errors.js";
import { transportError } from "../upstream/client.js";

export async function afterFirstRead(
  body: AsyncIterable<Uint8Array>,
  provider: string,
): Promise<AsyncIterable<Uint8Array>> {
  const it = body[Symbol.asyncIterator]();
  let first: IteratorResult<Uint8Array>;
  try {
    first = await it.next();
  } catch (err) {
    throw transportError(err, provider);
  }
  if (first.done) {
    throw new GatewayError({
      status: 502,
      kind: "upstream",
      code: "upstream_empty_stream",
      provider,
      message: `Provider '${provider}' ended the stream before sending any event.`,
    });
  }
  const head = first.value;
  return {
    [Symbol.asyncIterator]() {
      let sent = false;
      return {
        next: () => {
          if (sent) return it.next();
          sent = true;
          return Promise.resolve({ done: false, value: head });
        },
        return: (v?: unknown) => it.return?.(v) ?? Promise.resolve({ done: true, value: undefined }),
      };
    },
  };
}
