/** `/admin/v1/tenants`, `/teams`, `/consumers`: list, create, read, update (PATCH), delete. */
import type { z } from "zod";
import { configEntities } from "../../governance/identity/config-entities.js";
import { IdentityDirectory } from "../../governance/identity/directory.js";
import {
  consumerBodySchema,
  type EntityDoc,
  type EntityKind,
  entityDocOf,
  teamBodySchema,
  tenantBodySchema,
} from "../../governance/identity/entities.js";
import type { GatewayState } from "../../server/gateway-state.js";
import { AdminError, parseBody } from "../admin-error.js";
import { listPage } from "../paging.js";
import { patchSchemaOf, splitPatch } from "../patch.js";
import type { AdminRoute } from "../route.js";

/** The directory over the records store and the serving config's entities. */
export async function directory(gw: GatewayState): Promise<IdentityDirectory> {
  return new IdentityDirectory(await gw.storage.records(), configEntities(gw.serving.snapshot.config));
}

/** Where an entity comes from: the config file (read-only here) or this API. */
const withSource = (d: EntityDoc) => ({ ...d, source: d.source ?? "api" });

// biome-ignore lint/suspicious/noExplicitAny: the three body schemas differ only in their parent fields
type BodySchema = z.ZodObject<any>;

function routesFor(kind: EntityKind, plural: string, schema: BodySchema): AdminRoute[] {
  const base = `/admin/v1/${plural}`;
  const patchSchema = patchSchemaOf(schema, ["id"]);
  return [
    {
      method: "GET",
      path: base,
      role: "read",
      handle: async ({ gw, query }) => {
        const first = configEntities(gw.serving.snapshot.config)
          .list(kind)
          .map((doc) => ({ id: doc.id, doc }));
        const records = await gw.storage.records();
        return { status: 200, body: await listPage(records, kind, query, withSource, undefined, first) };
      },
    },
    {
      method: "POST",
      path: base,
      role: "full",
      handle: async ({ gw, body }) => {
        const doc = await (await directory(gw)).create(kind, entityDocOf(parseBody(schema, body)));
        gw.keyCache?.invalidate();
        return { status: 201, body: withSource(doc) };
      },
    },
    {
      method: "GET",
      path: `${base}/:id`,
      role: "read",
      handle: async ({ gw, params }) => {
        const doc = await (await directory(gw)).get(kind, params.id!);
        if (!doc) throw AdminError.notFound(kind, params.id!);
        return { status: 200, body: withSource(doc) };
      },
    },
    {
      method: "PATCH",
      path: `${base}/:id`,
      role: "full",
      handle: async ({ gw, params, body }) => {
        // why: a config entity is read-only whatever the body says; a 400 about the body would
        // send the user fixing a body that can never be applied here.
        if (configEntities(gw.serving.snapshot.config).get(kind, params.id!))
          throw AdminError.configEntity(kind, params.id!);
        const { set, clear } = splitPatch(parseBody(patchSchema, body));
        const doc = await (await directory(gw)).update(kind, params.id!, entityDocOf(set), clear);
        gw.keyCache?.invalidate();
        return { status: 200, body: withSource(doc) };
      },
    },
    {
      method: "DELETE",
      path: `${base}/:id`,
      role: "full",
      handle: async ({ gw, params }) => {
        await (await directory(gw)).remove(kind, params.id!);
        gw.keyCache?.invalidate();
        return { status: 200, body: { id: params.id, deleted: true } };
      },
    },
  ];
}

export const entityRoutes: AdminRoute[] = [
  ...routesFor("tenant", "tenants", tenantBodySchema),
  ...routesFor("team", "teams", teamBodySchema),
  ...routesFor("consumer", "consumers", consumerBodySchema),
];
