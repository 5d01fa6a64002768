#!/usr/bin/env node
/** The `tollgate` command. Each subcommand is a thin wrapper over the library. */
import { Command, InvalidArgumentError } from "commander";
import { hostProblem } from "../config/host.js";
import { LEDGER_DIMENSIONS } from "../state/record-types.js";
import { packageVersion } from "./version.js";

// Each subcommand's module is imported when it runs, so one command never loads another's code.

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("expected a port number (0-65535)");
  return n;
}

function host(value: string): string {
  const problem = hostProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

const program = new Command()
  .name("tollgate")
  .description("An AI gateway: one OpenAI- and Anthropic-compatible endpoint in front of every provider.")
  .version(packageVersion(), "-V, --version", "print the version and exit");

program
  .command("start")
  .description("serve the gateway")
  .requiredOption("-c, --config <file>", "config file (YAML or JSON)")
  .option("-p, --port <n>", "listen port (overrides server.port)", port)
  .option("--host <host>", "listen address (overrides server.host)", host)
  .option("--emulate <port>", "also serve the provider emulators on this port (for trying Tollgate)", port)
  .action(async (o: { config: string; port?: number; host?: string; emulate?: number }) => {
    const { start } = await import("./start.js");
    await start(o);
  });

program
  .command("validate")
  .description("check a config file and list every problem by path")
  .requiredOption("-c, --config <file>", "config file (YAML or JSON)")
  .action(async (o: { config: string }) => {
    const { validate } = await import("./validate.js");
    process.exitCode = validate(o.config);
  });

program
  .command("emulate")
  .description("run the provider emulators (OpenAI, Azure, Anthropic, …) for local testing")
  .option("-p, --port <n>", "listen port", port, 9101)
  .option("--host <host>", "listen address", host, "127.0.0.1")
  .action(async (o: { port: number; host: string }) => {
    const { emulate } = await import("./emulate.js");
    await emulate(o.port, o.host);
  });

const adminUrl = "--admin-url <url>";
const adminDefault = "http://127.0.0.1:8001";
const tokenHelp = "admin token (default: $TOLLGATE_ADMIN_TOKEN)";
const keys = program.command("keys").description("manage keys through the admin API");
// why: one handler so every admin subcommand reports admin API errors the same way (exit code 1).
const runAs = (name: string) => (work: () => Promise<void>) =>
  work().catch((err: unknown) => {
    console.error(`tollgate ${name}: ${(err as Error).message}`);
    process.exitCode = 1;
  });
const run = runAs("keys");

keys
  .command("create")
  .description("create a key and print its secret (shown once)")
  .requiredOption("--name <name>", "the key's name")
  .option("--consumer <id>", "the consumer it belongs to")
  .option("--models <list>", "comma-separated models it may use (default: all)")
  .option("--expires-at <time>", "ISO 8601 time it stops working")
  .option("--budget-usd <n>", "a dollar budget")
  .option("--budget-period <p>", "daily, weekly, monthly or none", "monthly")
  .option(adminUrl, "admin API address", adminDefault)
  .option("--token <token>", tokenHelp)
  .option("--json", "print the answer as JSON")
  .action((o) => run(async () => (await import("./keys.js")).createKey(o, console.log)));

keys
  .command("list")
  .description("list keys (never their secrets)")
  .option(adminUrl, "admin API address", adminDefault)
  .option("--token <token>", tokenHelp)
  .option("--json", "print the answer as JSON")
  .action((o) => run(async () => (await import("./keys.js")).listKeys(o, console.log)));

keys
  .command("revoke <id>")
  .description("revoke a key at once (every node stops accepting it within about a second)")
  .option(adminUrl, "admin API address", adminDefault)
  .option("--token <token>", tokenHelp)
  .option("--json", "print the answer as JSON")
  .action((id: string, o) => run(async () => (await import("./keys.js")).revokeKey(o, id, console.log)));

const usage = program
  .command("usage")
  .description("spend and tokens from the usage ledger, through the admin API")
  .option("--group-by <list>", "comma-separated: key, consumer, team, tenant, model, provider, workflow")
  .option(
    "--from <when>",
    "start: an ISO date or time, or a time ago (7d, 12h, 30m, 2w); default 30 days ago",
  )
  .option("--to <when>", "end (exclusive), same forms; default now");
// why: the list comes from a module without imports, so usage.js stays unloaded until it runs.
for (const f of LEDGER_DIMENSIONS) usage.option(`--${f} <value>`, `only rows of this ${f}`);
usage
  .option(adminUrl, "admin API address", adminDefault)
  .option("--token <token>", tokenHelp)
  .option("--json", "print the answer as JSON")
  .action((o) => runAs("usage")(async () => (await import("./usage.js")).showUsage(o, console.log)));

await program.parseAsync();
