/** What request handlers need from the running gateway. */
import type { Logger } from "pino";
import type { LimitsEngine } from "../governance/engine.js";
import type { KeyCache } from "../governance/identity/key-cache.js";
import type { Observability } from "../observability/index.js";
import type { Serving } from "../runtime/serving.js";
import type { Storage } from "../state/storage.js";
import type { UpstreamClient } from "../upstream/client.js";

export interface GatewayState {
  /** The current config generation; replaced as a whole on reload (requests keep theirs). */
  serving: Serving;
  upstream: UpstreamClient;
  logger: Logger;
  /** Set when shutdown began: `/readyz` answers 503 and responses close their connections. */
  draining?: boolean;
  /** The record and counter stores (`storage`), opened on first use. */
  storage: Storage;
  /** This node's cache of admin-issued keys (admin routes invalidate it on their own changes). */
  keyCache?: KeyCache;
  /** When the gateway started (ms since the epoch), for `/admin/v1/status`. */
  startedAt?: number;
  /** Reserve-then-settle limits and budgets (src/governance/engine.ts). */
  limits?: LimitsEngine;
  /** Records, metrics and traces; absent in tests that do not need them. */
  obs?: Observability;
}
