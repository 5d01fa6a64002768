/**
 * Structured outputs on Claude (Anthropic, Bedrock) and Nova compile closed objects only: the
 * emulators refuse an object schema without `additionalProperties: false`, as the real APIs do
 * (Anthropic structured-outputs docs; the Anthropic SDK closes objects in
 * lib/transform-json-schema for that reason). OpenAI clients usually leave it out outside strict
 * mode, so the gateway closes what the client left unsaid, and refuses what it declared open.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { type Harness, KEY, startHarness } from "./harness.js";

let emu: Emulator;
let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  emu = await startAllEmulators();
  h = await startHarness(
    {},
    {
      add: {
        providers: {
          aws: {
            type: "bedrock",
            region: "us-east-1",
            access_key_id: "AKIAEXAMPLECLOSED001",
            secret_access_key: "closed-schema-example-secret",
            base_url: emu.url,
          },
        },
        models: [
          {
            name: "aws-claude",
            targets: [{ provider: "aws", model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" }],
          },
          { name: "aws-nova", targets: [{ provider: "aws", model: "amazon.nova-pro-v1:0" }] },
        ],
      },
    },
  );
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await h?.close();
  await emu?.close();
});

/** A schema as an OpenAI client writes it outside strict mode: no additionalProperties anywhere. */
const LOOSE = {
  type: "object",
  properties: {
    city: { type: "string" },
    where: { type: "object", properties: { lat: { type: "number" }, lon: { type: "number" } } },
  },
  required: ["city"],
};

describe.each(["claude-sonnet", "aws-claude", "aws-nova"])("json_schema on %s", (model) => {
  it("is answered when the client left objects unsaid", async () => {
    const res = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "Where is Paris?" }],
      response_format: { type: "json_schema", json_schema: { name: "place", schema: LOOSE } },
    });
    expect(res.choices[0]?.message.content).toBeTruthy();
  });

  it("is refused with a 400 naming the open object when the client declared one", async () => {
    const schema = {
      ...LOOSE,
      properties: { ...LOOSE.properties, extra: { type: "object", additionalProperties: true } },
    };
    const err = await client.chat.completions
      .create({
        model,
        messages: [{ role: "user", content: "Where is Paris?" }],
        response_format: { type: "json_schema", json_schema: { name: "place", schema } },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.code).toBe("unsupported_parameter");
    expect(e.param).toBe("response_format");
    expect(e.message).toContain("schema.properties.extra");
  });
});
