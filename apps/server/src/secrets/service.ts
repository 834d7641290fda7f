// Secrets: permission checks and key rules. Values go in sealed and never come out of any route;
// only getSecret (for Flux's secrets.get) opens them.
import type { Authorizer } from "../auth/authorizer.js";
import { invalid, notFound } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { findOrgByID } from "../orgs/repository.js";
import { ORG_NOT_FOUND } from "../orgs/service.js";
import { open, seal, secretsKey } from "./crypto.js";
import * as repo from "./repository.js";

/**
 * Keys Flux code and URLs can carry without escaping: letters, digits, `_`, `-` and `.`, at most
 * 255 characters. (InfluxDB stores any string; a key with `/` could never be deleted by its route.)
 */
const KEY_PATTERN = /^[A-Za-z0-9_.-]{1,255}$/;

export function checkSecretKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw invalid(`secret key ${JSON.stringify(key)} is invalid: use 1 to 255 letters, digits, "_", "-" or "."`);
  return key;
}

export class SecretService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  async keys(orgID: string): Promise<string[]> {
    await this.#org(orgID, "read");
    return repo.listSecretKeys(this.app.db, orgID);
  }

  /** Adds secrets or replaces their values. */
  async put(orgID: string, secrets: Readonly<Record<string, string>>): Promise<void> {
    await this.#org(orgID, "write");
    const entries = Object.entries(secrets);
    for (const [key] of entries) checkSecretKey(key);
    const key = await secretsKey(this.app);
    await repo.upsertSecrets(this.app.db, orgID, new Map(entries.map(([k, v]) => [k, seal(key, orgID, k, v)])));
  }

  /** Deletes one secret; 404 when the org has no such secret. */
  async delete(orgID: string, key: string): Promise<void> {
    await this.#org(orgID, "write");
    checkSecretKey(key);
    if ((await repo.deleteSecrets(this.app.db, orgID, [key])) === 0) throw notFound("secret not found");
  }

  /** Deletes several secrets; keys the org does not have are ignored. */
  async deleteMany(orgID: string, keys: readonly string[]): Promise<void> {
    await this.#org(orgID, "write");
    for (const key of keys) checkSecretKey(key);
    await repo.deleteSecrets(this.app.db, orgID, keys);
  }

  async #org(orgID: string, action: "read" | "write"): Promise<void> {
    await this.auth.requireOn(action, "secrets", { orgID });
    if (!(await findOrgByID(this.app.db, orgID))) throw notFound(ORG_NOT_FOUND);
  }
}

/**
 * A secret's plaintext value, or undefined when the org has no such secret. For Flux's
 * `secrets.get`: no permission check here, the caller must have required `read secrets` on the org.
 */
export async function getSecret(app: AppContext, orgID: string, key: string): Promise<string | undefined> {
  const sealed = await repo.findSealedSecret(app.db, orgID, key);
  if (sealed === undefined) return undefined;
  return open(await secretsKey(app), orgID, key, sealed);
}
