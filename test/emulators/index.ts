/**
 * The emulator registry: every provider emulator, served together on one port by `startEmulator`.
 * Adding a provider's emulator is one import and one line here.
 */
import { cohereEmulator } from "./cohere/index.js";
import { type Emulator, startEmulator } from "./server.js";
import type { ProviderEmulator } from "./types.js";

export const EMULATORS: ProviderEmulator[] = [cohereEmulator];

/** Starts one server that serves every provider's routes (port 0 picks a free one). */
export function startAllEmulators(opts: { port?: number; host?: string } = {}): Promise<Emulator> {
  return startEmulator(EMULATORS, opts);
}

export type { Emulator, RecordedRequest } from "./server.js";
export { startEmulator } from "./server.js";
