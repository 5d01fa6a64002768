/**
 * `/admin/v1/keys`: create (the secret is in this one answer only), list, read, update (PATCH:
 * governance fields, consumer, expiry), rotate (a new secret; the old one works until the
 * overlap ends) and revoke (DELETE: at once on this node, within about a second on the others).
 */
import type { z } from "zod";
import type { KeyDoc } from "../../governance/identity/entities.js";
import { governanceOf, keyBodySchema, rotateBodySchema } from "../../governance/identity/entities.js";
import { AdminError, parseBody } from "../admin-error.js";
import { listPage } from "../paging.js";
import { patchSchemaOf, splitPatch } from "../patch.js";
import type { AdminRoute } from "../route.js";
import { directory } from "./entities.js";

/** A key as the API shows it: never a secret or a digest; earlier secrets by prefix and end. */
export function showKey(k: KeyDoc, now = Date.now()): Record<string, unknown> {
  const { secrets, ...rest } = k;
  const expired = k.expires_at !== undefined && Date.parse(k.expires_at) <= now;
  return {
    ...rest,
    status: k.revoked_at ? "revoked" : expired ? "expired" : "active",
    previous_secrets: secrets
      .filter((s) => s.expires_at && Date.parse(s.expires_at) > now)
      .map((s) => ({ prefix: s.prefix, expires_at: s.expires_at })),
  };
}

const patchSchema = patchSchemaOf(keyBodySchema, ["name"]);

export const keyRoutes: AdminRoute[] = [
  {
    method: "GET",
    path: "/admin/v1/keys",
    role: "read",
    handle: async ({ gw, query }) => {
      const consumer = query.get("consumer");
      const keep = consumer ? (k: KeyDoc) => k.consumer === consumer : undefined;
      const page = await listPage<KeyDoc>(await gw.storage.records(), "key", query, (k) => showKey(k), keep);
      return { status: 200, body: page };
    },
  },
  {
    method: "POST",
    path: "/admin/v1/keys",
    role: "full",
    handle: async ({ gw, body }) => {
      const b = parseBody(keyBodySchema, body);
      const { doc, secret } = await (await directory(gw)).createKey({
        name: b.name,
        ...(b.consumer ? { consumer: b.consumer } : {}),
        ...(b.expires_at ? { expires_at: new Date(b.expires_at).toISOString() } : {}),
        ...governanceOf(b),
      });
      gw.keyCache?.invalidate();
      return { status: 201, body: { ...showKey(doc), key: secret } };
    },
  },
  {
    method: "GET",
    path: "/admin/v1/keys/:id",
    role: "read",
    handle: async ({ gw, params }) => {
      const doc = await (await directory(gw)).getKey(params.id!);
      if (!doc) throw AdminError.notFound("key", params.id!);
      return { status: 200, body: showKey(doc) };
    },
  },
  {
    method: "PATCH",
    path: "/admin/v1/keys/:id",
    role: "full",
    handle: async ({ gw, params, body }) => {
      const { set, clear } = splitPatch(parseBody(patchSchema, body));
      const b = set as Partial<z.infer<typeof keyBodySchema>>;
      const doc = await (await directory(gw)).updateKey(
        params.id!,
        {
          ...(b.consumer ? { consumer: b.consumer } : {}),
          ...(b.expires_at ? { expires_at: new Date(b.expires_at).toISOString() } : {}),
          ...governanceOf(b),
        },
        clear,
      );
      gw.keyCache?.invalidate();
      return { status: 200, body: showKey(doc) };
    },
  },
  {
    method: "POST",
    path: "/admin/v1/keys/:id/rotate",
    role: "full",
    handle: async ({ gw, params, body }) => {
      const b = parseBody(rotateBodySchema, body);
      const r = await (await directory(gw)).rotateKey(params.id!, b.overlap_seconds);
      gw.keyCache?.invalidate();
      return { status: 200, body: { ...showKey(r.doc), key: r.secret, overlap_ends_at: r.overlapEndsAt } };
    },
  },
  {
    method: "DELETE",
    path: "/admin/v1/keys/:id",
    role: "full",
    handle: async ({ gw, params }) => {
      const doc = await (await directory(gw)).revokeKey(params.id!);
      gw.keyCache?.invalidate();
      return { status: 200, body: showKey(doc) };
    },
  },
];
