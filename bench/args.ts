/** Command-line options of `npm run bench -- [options]`. */
import { parseArgs } from "node:util";

export interface BenchOptions {
  rounds: number;
  seconds: number;
  warmup: number;
  ttftSamples: number;
  coldStarts: number;
  /** Seconds of soak instead of the comparison (0 = no soak). */
  soak: number;
  /** Profile Tollgate with --cpu-prof instead of the comparison. */
  profile: boolean;
  profileSeconds: number;
  governance: boolean;
  build: boolean;
  /** Only the in-process balancer micro-benchmark (no build, no servers). */
  balancersOnly: boolean;
  load?: string;
  only?: string[];
}

export const USAGE = `npm run bench -- [options]
  --quick            one short round (~40 s) instead of three (~4 min)
  --rounds N         interleaved rounds (default 3)
  --seconds N        seconds per measured run (default 2)
  --soak SECONDS     instead: load Tollgate for SECONDS and print its RSS every 10 s
  --profile          instead: run Tollgate under --cpu-prof and print the top self-time functions
  --profile-seconds N  seconds of load per scenario while profiling (default 10)
  --no-governance    soak/profile Tollgate (a) no policies instead of (b) governance
  --only a,b         only these scenarios (chat-1c, chat-32c, stream-32c, anthropic-32c,
                     translate-32c, translate-stream-32c, slow-50ms-32c)
  --load wrk|autocannon  load generator (default: wrk when installed)
  --no-build         use dist/ as it is (default: npm run build first)
  --balancers        only the balancer-decision micro-benchmark (a few seconds; --quick: shorter)`;

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      rounds: { type: "string" },
      seconds: { type: "string" },
      soak: { type: "string" },
      profile: { type: "boolean", default: false },
      "profile-seconds": { type: "string" },
      "no-governance": { type: "boolean", default: false },
      only: { type: "string" },
      load: { type: "string" },
      "no-build": { type: "boolean", default: false },
      balancers: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const num = (v: string | undefined, d: number) => {
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got '${v}'`);
    return n;
  };
  const quick = values.quick === true;
  return {
    rounds: num(values.rounds, quick ? 1 : 3),
    seconds: Math.max(1, num(values.seconds, quick ? 1 : 2)),
    warmup: quick ? 0 : 1,
    ttftSamples: quick ? 20 : 100,
    coldStarts: quick ? 1 : 3,
    soak: num(values.soak, 0),
    profile: values.profile === true,
    profileSeconds: num(values["profile-seconds"], 10),
    governance: values["no-governance"] !== true,
    build: values["no-build"] !== true,
    balancersOnly: values.balancers === true,
    ...(values.load ? { load: values.load } : {}),
    ...(values.only ? { only: values.only.split(",") } : {}),
  };
}
