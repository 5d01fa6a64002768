/**
 * The OpenAI emulator: Chat Completions, Embeddings and Models on `/v1/…`, Azure OpenAI's
 * deployment routes, v1 API (`azure-v1.ts`) and Responses API (`azure-responses.ts`), and Mistral (same `/v1/chat/completions` path, chosen by model name and
 * delegated to `../mistral/`). `openaiCompatibleEmulator` is the same wire format without auth,
 * for a self-hosted server on another port.
 */
import {
  isMistralModel,
  MistralUnprocessable,
  mistralChatJson,
  mistralChatStream,
  mistralEmbeddings,
  mistralErrorBody,
  mistralUnprocessableBody,
  mistralValidate,
} from "../mistral/index.js";
import { approxTokens, scenarioOf } from "../plan.js";
import type { ErrorKind, ErrorResponse, ProviderEmulator, RouteMatch } from "../types.js";
import { AZURE_RESPONSES_PATTERN, azureResponsesRefusal, isAzureResponses } from "./azure-responses.js";
import { AZURE_V1_CHAT_PATTERN, AZURE_V1_EMBEDDINGS_PATTERN, azureV1Refusal, isAzureV1 } from "./azure-v1.js";
import { azureValidate } from "./azure-versions.js";
import {
  compatibleFlavour,
  compatibleValidate,
  ignoresToolChoice,
  reasoningFields,
  reasoningModeOf,
} from "./compatible.js";
import { completionsJson, completionsStream, completionsView } from "./completions.js";
import { checkDimensions, embeddingEncoding, float32Base64 } from "./embeddings.js";
import { azureErrorBody, openaiErrorBody } from "./errors.js";
import { renderOpenAIJson, renderOpenAIStream } from "./render.js";
import {
  type ResponsesView,
  renderResponsesJson,
  renderResponsesStream,
  responsesView,
} from "./responses.js";
import { embeddingInputs, fakeEmbedding, type OpenAIChatView, openaiChatView } from "./view.js";

type Flavour = "openai" | "azure" | "mistral";

const MODELS = [
  "gpt-4o",
  "gpt-4o-mini",
  "o3-mini",
  "text-embedding-3-small",
  "mistral-small-latest",
  "mistral-embed",
];
const MODELS_BODY = {
  object: "list",
  data: MODELS.map((id) => ({
    id,
    object: "model",
    created: 1_700_000_000,
    owned_by: id.startsWith("mistral") ? "mistralai" : "openai",
  })),
};

/**
 * A model id a self-hosted server would serve: Ollama's `name:tag` (`llama3.1:8b`) or a Hugging
 * Face id as vLLM names it (`Qwen/Qwen2.5-7B-Instruct`). OpenAI ids have neither, except
 * fine-tunes (`ft:gpt-4o-mini:org::id`).
 */
export function isSelfHostedModel(model: unknown): boolean {
  return typeof model === "string" && !model.startsWith("ft:") && /[:/]/.test(model);
}

/** OpenAI's Responses API (`/v1/responses`) and Azure's, served beside Chat Completions. */
const isResponses = (m: RouteMatch): boolean => m.url.pathname === "/v1/responses" || isAzureResponses(m);
const isLegacy = (m: RouteMatch): boolean => m.url.pathname === "/v1/completions";

function header(match: RouteMatch, name: string): string | undefined {
  const v = match.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Builds one emulator; `requireAuth: false` serves without any credential. */
function makeOpenAIEmulator(name: string, requireAuth: boolean): ProviderEmulator {
  // The error body depends on the flavour of the request being answered. The shared server calls
  // checkAuth/chatView and then errorResponse synchronously for one request, so this holds it.
  let flavour: Flavour = "openai";
  let pendingMessage: string | undefined;
  /** This request is answered as a keyless self-hosted server (no OpenAI-only strictness). */
  let selfHosted = !requireAuth;
  let pending422: Record<string, unknown> | undefined;
  /** Azure's refusal of a Responses path or api-version (its own status and body). */
  let pendingAzure: ErrorResponse | undefined;
  const isAzure = (m: RouteMatch) => m.params.deployment !== undefined || isAzureResponses(m) || isAzureV1(m);
  // why: some self-hosted servers report no usage at all (older llama.cpp and Ollama builds
  // ignore `stream_options`); scenario `no-usage` on the compatible emulator answers like them.
  const omitsUsage = (match: RouteMatch, view: { lastUserText: string }): boolean =>
    !requireAuth && scenarioOf(match.headers["x-emulator-scenario"], view.lastUserText) === "no-usage";
  return {
    name,
    routes: [
      { method: "POST", pattern: /^\/v1\/chat\/completions$/, op: "chat" },
      { method: "POST", pattern: /^\/v1\/embeddings$/, op: "embeddings" },
      ...(requireAuth
        ? [{ method: "POST" as const, pattern: /^\/v1\/responses$/, op: "chat" as const }]
        : []),
      { method: "POST", pattern: /^\/v1\/completions$/, op: "chat" },
      { method: "GET", pattern: /^\/v1\/models$/, op: "models" },
      ...(requireAuth
        ? [
            {
              method: "POST" as const,
              pattern: /^\/openai\/deployments\/(?<deployment>[^/]+)\/chat\/completions$/,
              op: "chat" as const,
            },
            {
              method: "POST" as const,
              pattern: /^\/openai\/deployments\/(?<deployment>[^/]+)\/embeddings$/,
              op: "embeddings" as const,
            },
            { method: "POST" as const, pattern: AZURE_RESPONSES_PATTERN, op: "chat" as const },
            { method: "POST" as const, pattern: AZURE_V1_CHAT_PATTERN, op: "chat" as const },
            { method: "POST" as const, pattern: AZURE_V1_EMBEDDINGS_PATTERN, op: "embeddings" as const },
          ]
        : []),
    ],
    checkAuth(match, body): ErrorKind | undefined {
      flavour = isAzure(match) ? "azure" : "openai";
      pendingMessage = undefined;
      pending422 = undefined;
      pendingAzure = undefined;
      selfHosted = !requireAuth;
      // A self-hosted server without auth ignores the header; one started with a key (vLLM
      // `--api-key`) refuses a wrong one. The key `invalid` stands for a wrong one.
      if (!requireAuth) return header(match, "authorization") === "Bearer invalid" ? "auth" : undefined;
      if (isAzure(match)) {
        const key = header(match, "api-key");
        if (!key || key === "invalid") return "auth";
        if (isAzureResponses(match) || isAzureV1(match)) {
          pendingAzure = isAzureV1(match) ? azureV1Refusal(match) : azureResponsesRefusal(match);
          return pendingAzure ? "bad_request" : undefined;
        }
        if (!match.url.searchParams.get("api-version")) {
          pendingMessage = "The api-version query parameter (?api-version=) is required for all requests.";
          return "bad_request";
        }
        return undefined;
      }
      const auth = header(match, "authorization");
      // why: on the one shared port, a keyless request for a self-hosted model is answered as
      // vLLM or Ollama without `--api-key` would (an openai-compatible provider needs no key);
      // OpenAI itself refuses any request without a key.
      if (auth === undefined && isSelfHostedModel((body as { model?: unknown } | null)?.model)) {
        selfHosted = true;
        return undefined;
      }
      const key = auth?.startsWith("Bearer ") ? auth.slice(7) : "";
      return key && key !== "invalid" ? undefined : "auth";
    },
    chatView(body, match) {
      if (isResponses(match)) return responsesView(body);
      if (isLegacy(match)) return completionsView(body, !selfHosted);
      const model = isAzure(match) ? match.params.deployment : undefined;
      if (!isAzure(match) && isMistralModel((body as { model?: unknown } | null)?.model)) {
        flavour = "mistral";
        try {
          mistralValidate(body);
        } catch (e) {
          if (e instanceof MistralUnprocessable) pending422 = e.detail;
          throw e;
        }
      }
      if (!requireAuth) return compatibleView(body);
      if (isAzure(match)) azureValidate(body, match.url.searchParams.get("api-version") ?? "");
      return openaiChatView(body, model);
    },
    chatJson(plan, view, match) {
      if (isResponses(match)) return renderResponsesJson(plan, view as ResponsesView);
      if (isLegacy(match)) return completionsJson(plan, view as OpenAIChatView);
      if (isMistralModel(view.model) && !isAzure(match)) return mistralChatJson(plan, view);
      const reasoning = reasoningFields((view as OpenAIChatView).reasoningMode, plan);
      const out = renderOpenAIJson(plan, view, { azure: isAzure(match), includeUsage: true, reasoning });
      if (!omitsUsage(match, view)) return out;
      const { usage: _usage, ...rest } = out as Record<string, unknown>;
      return rest;
    },
    chatStream(plan, view, match) {
      const contentType = "text/event-stream; charset=utf-8";
      if (isResponses(match))
        return { contentType, frames: renderResponsesStream(plan, view as ResponsesView) };
      if (isLegacy(match)) return { contentType, frames: completionsStream(plan, view as OpenAIChatView) };
      if (isMistralModel(view.model) && !isAzure(match))
        return { contentType, frames: mistralChatStream(plan, view) };
      // The view is the one chatView returned, so it still carries the usage flag.
      const includeUsage = (view as OpenAIChatView).includeUsage === true && !omitsUsage(match, view);
      const reasoning = reasoningFields((view as OpenAIChatView).reasoningMode, plan);
      return {
        contentType,
        frames: renderOpenAIStream(plan, view, { azure: isAzure(match), includeUsage, reasoning }),
      };
    },
    embeddings(body, match) {
      const b = (typeof body === "object" && body !== null ? body : {}) as {
        model?: unknown;
        dimensions?: unknown;
        output_dimension?: unknown;
      };
      const inputs = embeddingInputs(body);
      // A deployment route names it in the path; the v1 API takes the deployment as `model`.
      const model = match.params.deployment ?? String(b.model ?? "");
      const base64 = embeddingEncoding(body) === "base64";
      const dims = Number(b.dimensions ?? b.output_dimension ?? 8) || 8;
      if (b.dimensions !== undefined) checkDimensions(b.dimensions, model);
      const vectors = inputs.map((t) => fakeEmbedding(t, dims));
      const tokens = inputs.reduce((n, t) => n + approxTokens(t), 0);
      const encoded = vectors.map((v) => (base64 ? float32Base64(v) : v));
      if (isMistralModel(model)) return mistralEmbeddings(model, encoded, tokens);
      return {
        object: "list",
        data: encoded.map((embedding, index) => ({ object: "embedding", index, embedding })),
        model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      };
    },
    other() {
      return { status: 200, body: MODELS_BODY };
    },
    errorResponse(kind, message) {
      if (pendingAzure && kind === "bad_request") return pendingAzure;
      const msg = pendingMessage ?? message;
      if (flavour === "mistral" && pending422 && kind === "bad_request")
        return mistralUnprocessableBody(pending422);
      if (flavour === "mistral") return mistralErrorBody(kind, msg);
      if (flavour === "azure") return azureErrorBody(kind, msg);
      return openaiErrorBody(kind, msg);
    },
  };
}

/** A compatible server's view: its own refusals, and Ollama's silence about `tool_choice`. */
function compatibleView(body: unknown): OpenAIChatView {
  const flavour = compatibleFlavour((body as { model?: unknown } | null)?.model);
  compatibleValidate(flavour, body);
  const view = openaiChatView(body, undefined);
  const mode = reasoningModeOf(flavour, body);
  if (mode) view.reasoningMode = mode;
  if (ignoresToolChoice(flavour)) delete view.toolChoice;
  return view;
}

/** OpenAI, Azure OpenAI and Mistral; a missing key or the key `invalid` gets a 401. */
export const openaiEmulator: ProviderEmulator = makeOpenAIEmulator("openai", true);

/** A self-hosted OpenAI-compatible server (vLLM, Ollama…): no auth. Serve it on its own port. */
export const openaiCompatibleEmulator: ProviderEmulator = makeOpenAIEmulator("openai-compatible", false);
