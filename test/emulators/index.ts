/**
 * The emulator registry: every provider emulator, served together on one port by
 * `startAllEmulators`, and the ones that need a port of their own (`startLocalEmulators`).
 * Adding a provider's emulator is one import and one line here; its conformance columns are
 * registered in `conformance.ts` beside this file.
 */
import { anthropicEmulator } from "./anthropic/index.js";
import { bedrockEmulator } from "./bedrock/index.js";
import { cohereEmulator } from "./cohere/index.js";
import { geminiEmulator, vertexAnthropicEmulator, vertexEmulator } from "./gemini/index.js";
import { openaiCompatibleEmulator, openaiEmulator } from "./openai/index.js";
import { type Emulator, startEmulator } from "./server.js";
import type { ProviderEmulator } from "./types.js";

export const EMULATORS: ProviderEmulator[] = [
  openaiEmulator,
  anthropicEmulator,
  bedrockEmulator,
  cohereEmulator,
  geminiEmulator,
  vertexEmulator,
  vertexAnthropicEmulator,
];

/**
 * Emulators of servers that answer on the same paths as one above (a self-hosted
 * OpenAI-compatible server), so they get a second port: the "local" server.
 */
export const LOCAL_EMULATORS: ProviderEmulator[] = [openaiCompatibleEmulator];

/** Starts one server that serves every provider's routes (port 0 picks a free one). */
export function startAllEmulators(opts: { port?: number; host?: string } = {}): Promise<Emulator> {
  return startEmulator(EMULATORS, opts);
}

/** Starts the second, "local" server with the emulators that cannot share the first one's paths. */
export function startLocalEmulators(opts: { port?: number; host?: string } = {}): Promise<Emulator> {
  return startEmulator(LOCAL_EMULATORS, opts);
}

export type { Emulator, RecordedRequest } from "./server.js";
export { startEmulator } from "./server.js";
