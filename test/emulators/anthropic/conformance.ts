/** Anthropic's conformance column; Claude on Vertex reuses its exceptions (`../gemini/`). */
import {
  type ConformanceTarget,
  key,
  NO_REASONING_COUNT,
  type Unsupported,
} from "../../conformance/column.js";

/** Usage as the Messages API reports it, wherever Claude is served. */
export const CLAUDE_USAGE = { cachedRead: true, cacheWrite: true, reasoning: false };

/** What Claude cannot serve, wherever it is served through the Messages format. */
export const CLAUDE_UNSUPPORTED: Unsupported[] = [NO_REASONING_COUNT];

export const ANTHROPIC_COLUMNS: ConformanceTarget[] = [
  {
    id: "anthropic",
    provider: (e, bad) => ({ type: "anthropic", base_url: e.all, api_key: key(bad, "sk-ant-emulated") }),
    target: { model: "claude-sonnet-4-5" },
    systemPlace: (b) => b.system,
    reports: CLAUDE_USAGE,
    unsupported: CLAUDE_UNSUPPORTED,
  },
];
