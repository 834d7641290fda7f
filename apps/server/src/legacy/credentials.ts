// v1 (legacy) username/password credentials: Basic auth or `?u=&p=` on the 1.x routes. The
// Authorizer first tries the password as an API token (what v1 clients of InfluxDB 2.x send), then
// asks this resolver. The legacy domain owns this file: return the identity of the v1
// authorization whose username and password match, or null.
import type { BasicResolver } from "../auth/authorizer.js";

export const resolveLegacyCredentials: BasicResolver = async () => null;
