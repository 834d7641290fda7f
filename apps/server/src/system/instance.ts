// What an authenticated client may learn about the instance: the resource types permissions can
// name, the feature flags the UI should honour, and (operators only) the running configuration.
import { operatorPermissions, permitsAll, RESOURCE_TYPES } from "../auth/permissions.js";
import { SETTINGS, type Config, type Setting } from "../config/index.js";
import { forbidden } from "../http/errors.js";
import type { HandlerMap } from "../http/types.js";

/**
 * Feature flags by name. InfluxDB's UI reads this object and treats a missing flag as off; Fluxgate
 * has no features behind flags, so it is empty.
 */
const FLAGS: Readonly<Record<string, boolean | string | number>> = Object.freeze({});

/**
 * The configuration as `{flag: value}`, values typed as in a config file: numbers and booleans as
 * such, durations and sizes as a person writes them. Each setting's own `format` already hides the
 * password of --metadata-url; nothing else in the table is secret (the secrets key lives in a file
 * whose path, not content, is shown).
 */
export function presentConfig(config: Config): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const setting of SETTINGS as readonly Setting[]) {
    const value = config[setting.key];
    if (setting.type === "integer" && typeof value === "number") out[setting.flag] = value;
    else if (setting.type === "boolean" && typeof value === "boolean") out[setting.flag] = value;
    else out[setting.flag] = setting.format(value);
  }
  return out;
}

export const handlers: HandlerMap = {
  GetResources: async ({ auth }) => {
    await auth.identity();
    return { status: 200, body: [...RESOURCE_TYPES] };
  },

  GetFlags: async ({ auth }) => {
    await auth.identity();
    return { status: 200, body: FLAGS };
  },

  // InfluxDB answers only a caller holding every permission on every resource (an operator token).
  GetConfig: async ({ app, auth }) => {
    const identity = await auth.identity();
    if (!operatorPermissions().every((p) => permitsAll(identity.permissions, p))) throw forbidden("only an operator may read the configuration");
    return { status: 200, body: { config: presentConfig(app.config) } };
  },
};
