/**
 * Small, fast field checks for request bodies on the hot path. zod validates the config; request
 * bodies are checked by hand because they are parsed on every request and a full schema parse
 * costs more than the rest of the gateway's work (see bench/). Each check names the field.
 */
import { GatewayError } from "../../canonical/errors.js";

export type Json = Record<string, unknown>;

export function fail(param: string, message: string): never {
  throw GatewayError.invalid(`Invalid '${param}': ${message}`, param);
}

export function asObject(value: unknown, param: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(param, "expected an object.");
  return value as Json;
}

export function asArray(value: unknown, param: string): unknown[] {
  if (!Array.isArray(value)) fail(param, "expected an array.");
  return value;
}

export function asString(value: unknown, param: string): string {
  if (typeof value !== "string") fail(param, "expected a string.");
  return value;
}

export function optString(value: unknown, param: string): string | undefined {
  return value === undefined || value === null ? undefined : asString(value, param);
}

export function optNumber(value: unknown, param: string, min?: number, max?: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) fail(param, "expected a number.");
  if (min !== undefined && value < min) fail(param, `must be at least ${min}.`);
  if (max !== undefined && value > max) fail(param, `must be at most ${max}.`);
  return value;
}

export function optInteger(value: unknown, param: string, min?: number, max?: number): number | undefined {
  const n = optNumber(value, param, min, max);
  if (n !== undefined && !Number.isInteger(n)) fail(param, "expected an integer.");
  return n;
}

export function optBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") fail(param, "expected a boolean.");
  return value;
}

/** `stop`: a string or a list of up to `max` strings → a list. */
export function optStop(value: unknown, param: string, max = 4): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return [value];
  const list = asArray(value, param);
  if (list.length > max) fail(param, `at most ${max} sequences.`);
  return list.map((s, i) => asString(s, `${param}.${i}`));
}
