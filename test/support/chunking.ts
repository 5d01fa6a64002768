/**
 * Test helper shared by every stream decoder's tests: replays a byte buffer cut at given
 * boundaries, so decoders are proven against frames split anywhere.
 */
export async function* replayCut(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let last = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= last || cut >= bytes.length) continue;
    yield bytes.subarray(last, cut);
    last = cut;
  }
  yield bytes.subarray(last);
}

/** Deterministic pseudo-random cut points (a seeded LCG, so failures reproduce). */
export function randomCuts(length: number, count: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  const cuts: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    cuts.push(1 + (s % Math.max(1, length - 1)));
  }
  return cuts;
}

/** Every single-cut split of the buffer, for small fixtures: yields cut lists of one element. */
export function* everyCut(length: number): Generator<number[]> {
  for (let i = 1; i < length; i++) yield [i];
}
