/**
 * Managed key secrets: `tg-` + 43 base62 characters (256 bits from the OS's CSPRNG). Only the
 * SHA-256 digest (the same `hashKey` config-file keys use) and a short prefix for recognising
 * the key are stored. key-auth recognises the same shape before it asks the records store.
 */
import { randomBytes, randomInt } from "node:crypto";
import { hashKey } from "../../plugins/key-auth/key-auth.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** 62^43 > 2^256. */
const SECRET_CHARS = 43;

export function generateSecret(): string {
  let out = "tg-";
  // why: randomInt draws without modulo bias, so every character is uniform over the alphabet.
  for (let i = 0; i < SECRET_CHARS; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** What lists show to recognise a key: `tg-` and the first 6 characters. */
export function secretPrefix(secret: string): string {
  return secret.slice(0, 9);
}

export function newKeyId(): string {
  return `key_${randomBytes(12).toString("base64url")}`;
}

export { hashKey };
