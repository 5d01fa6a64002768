/** `tollgate emulate`: the provider emulators on one port, for trying Tollgate without accounts. */
import type { Emulator } from "../../test/emulators/index.js";

export async function emulate(port: number, host: string, standalone = true): Promise<Emulator> {
  // why: loaded on use, so `tollgate start` without --emulate never loads the emulators.
  const { startAllEmulators } = await import("../../test/emulators/index.js");
  const emu = await startAllEmulators({ port, host });
  process.stdout.write(`provider emulators listening on http://${host}:${emu.port}\n`);
  if (standalone) {
    const stop = () => void emu.close().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  }
  return emu;
}
