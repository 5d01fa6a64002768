/**
 * What a request is served with: a config snapshot bound to live objects. One `Serving` per config
 * generation; a request keeps the one it started with, so a reload never changes it mid-flight.
 */
import type { Snapshot } from "../config/compile.js";
import type { Pipeline } from "../pipeline/runner.js";
import type { Provider, Target } from "../providers/types.js";
import type { ModelRouter, RoutedTarget } from "../router/model-router.js";
import type { Timeouts } from "../upstream/client.js";
import type { Scrubber } from "./secret-scrubber.js";

/** A target bound to its provider instance (and its breaker, when the model has one). */
export interface CompiledTarget extends RoutedTarget {
  /** `provider/model` (see TargetSpec.id). */
  id: string;
  provider: Provider;
  target: Target;
  timeouts: Timeouts;
  onUnsupported: "error" | "drop";
  /** Removes this provider's configured credentials from text that came back from upstream. */
  scrub: Scrubber;
  weight: number;
  priority: number;
  maxTokens?: number;
  params?: Readonly<Record<string, unknown>>;
}

export interface BoundModel {
  name: string;
  targets: readonly CompiledTarget[];
  /** The global plugins merged with this model's own, sorted. */
  pipeline: Pipeline;
  /** Balancer, retries, fallback and breakers for this model's targets. */
  router: ModelRouter<CompiledTarget>;
}

export interface Serving {
  readonly snapshot: Snapshot;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly models: ReadonlyMap<string, BoundModel>;
  /** A configured model by its name or one of its aliases. */
  model(name: string): BoundModel | undefined;
  /** The global plugins, for requests that name no configured model (and /v1/models). */
  readonly pipeline: Pipeline;
  /** Pipeline for a requested model name (the model's own, else the global one). */
  pipelineFor(model: string | undefined): Pipeline;
  /** Requests hold their serving while they run; dropped plugin instances close after the last. */
  retain(): void;
  release(): void;
}
