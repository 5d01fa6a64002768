/** What request handlers need from the running gateway. */
import type { Logger } from "pino";
import type { Snapshot } from "../config/compile.js";
import type { Observability } from "../observability/index.js";
import type { Pipeline } from "../pipeline/runner.js";
import type { UpstreamClient } from "../upstream/client.js";

export interface GatewayState {
  /** The current config snapshot; replaced as a whole on reload. */
  snapshot: Snapshot;
  pipeline: Pipeline;
  upstream: UpstreamClient;
  logger: Logger;
  /** Records, metrics and traces; absent in tests that do not need them. */
  obs?: Observability;
}
