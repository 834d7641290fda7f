// What Flux programs reach beyond `from()` when the server runs them: bucket and schema metadata,
// the org's secrets and the write path, each with the calling token's permissions.
import type { FluxServices } from "@fluxgate/flux";
import type { Authorizer } from "../auth/authorizer.js";
import type { AppContext } from "../http/types.js";
import { StorageMetadataSource } from "./metadata.js";
import { OrgSecretSource } from "./secrets.js";
import { StoragePointSink } from "./sink.js";

/** Services for a query (or task run) in org `orgID` by the caller behind `auth`. */
export function fluxServices(app: AppContext, auth: Authorizer, orgID: string): FluxServices {
  return {
    metadata: new StorageMetadataSource(app, auth, orgID),
    secrets: new OrgSecretSource(app, auth, orgID),
    sink: new StoragePointSink(app, auth, orgID),
  };
}

export { StorageMetadataSource, StoragePointSink, OrgSecretSource };
