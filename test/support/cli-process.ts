/** Runs `tollgate start` from source as a child process, as a user's shell would. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./golden.js";

/** Node arguments that run the CLI from source. */
export const CLI = ["--import", "tsx", join(ROOT, "src", "cli", "main.ts")];

export interface Started {
  proc: ChildProcess;
  port: number;
  logs: string[];
}

/** Starts `tollgate start --config FILE --port 0`; resolves with its port once it logs that it listens. */
export function startCli(file: string, env: Record<string, string>): Promise<Started> {
  const proc = spawn(process.execPath, [...CLI, "start", "--config", file, "--port", "0"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  return new Promise((resolve, reject) => {
    proc.stdout!.setEncoding("utf8").on("data", (d: string) => {
      for (const line of d.split("\n").filter(Boolean)) {
        logs.push(line);
        const m = line.includes("tollgate is listening")
          ? /"address":"http:\/\/[^:]+:(\d+)"/.exec(line)
          : null;
        if (m) resolve({ proc, port: Number(m[1]), logs });
      }
    });
    proc.stderr!.on("data", (d) => logs.push(String(d)));
    proc.on("exit", (code, signal) =>
      reject(new Error(`tollgate exited (${code ?? signal}): ${logs.join("\n")}`)),
    );
  });
}
