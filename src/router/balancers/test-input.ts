/** Plan inputs for balancer tests and the bench: a chat request with chosen parts. */
import type { IncomingHttpHeaders } from "node:http";
import type { Message, ToolDefinition } from "../../canonical/chat.js";
import type { PlanInput } from "./balancer.js";

export interface InputParts {
  system?: string;
  user?: string;
  tools?: string[];
  headers?: IncomingHttpHeaders;
  consumer?: string;
}

export function planInput(p: InputParts = {}): PlanInput {
  const messages: Message[] = [];
  if (p.system) messages.push({ role: "system", content: [{ type: "text", text: p.system }] });
  messages.push({ role: "user", content: [{ type: "text", text: p.user ?? "hello" }] });
  const tools: ToolDefinition[] | undefined = p.tools?.map((name) => ({
    name,
    parameters: { type: "object" },
  }));
  return {
    request: { model: "chat", messages, stream: false, ...(tools ? { tools } : {}) },
    headers: p.headers ?? {},
    ...(p.consumer ? { identity: { consumer: p.consumer } } : {}),
  };
}

/** `n` targets `t1`…`tn` with ids, weight 1 unless given. */
export function pool(
  n: number,
  weights: number[] = [],
): Array<{ id: string; weight: number; description?: string }> {
  return Array.from({ length: n }, (_, i) => ({ id: `p/t${i + 1}`, weight: weights[i] ?? 1 }));
}

/** How often each target came first over `n` plans. */
export function firstCounts<T extends { id: string }>(n: number, plan: () => T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const id = plan()[0]!.id;
    out[id] = (out[id] ?? 0) + 1;
  }
  return out;
}
