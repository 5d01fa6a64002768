import { z } from "zod";

/**
 * key-auth takes no config of its own: it is always on, configured by the root `auth` (`mode:
 * keys | none`) and `keys` list, so a config can never forget to close the gateway.
 */
export const keyAuthConfigSchema = z.object({}).strict();
export type KeyAuthConfig = z.infer<typeof keyAuthConfigSchema>;
