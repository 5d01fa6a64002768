/**
 * Target ids: `provider/model`, with `#2`, `#3`… when a model lists the same pair again. The
 * compiled snapshot names targets by them, and config checks (the semantic balancer's
 * `catch_all`) must name them the same way, so both take them from here.
 */
export function targetIds(targets: readonly { provider: string; model: string }[]): string[] {
  const seen = new Map<string, number>();
  return targets.map((t) => {
    const pair = `${t.provider}/${t.model}`;
    const n = (seen.get(pair) ?? 0) + 1;
    seen.set(pair, n);
    return n > 1 ? `${pair}#${n}` : pair;
  });
}
