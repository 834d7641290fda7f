// Flux's `secrets.get`: the org's secret, for a caller that may read the org's secrets.
import type { SecretSource } from "@fluxgate/flux";
import type { Authorizer } from "../auth/authorizer.js";
import type { AppContext } from "../http/types.js";
import { getSecret } from "../secrets/service.js";

export class OrgSecretSource implements SecretSource {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
    private readonly orgID: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    await this.auth.requireOn("read", "secrets", { orgID: this.orgID });
    return getSecret(this.app, this.orgID, key);
  }
}
