// Onboarding: the first user, org, bucket and operator token, all in one transaction so a failure
// leaves the instance as it was (and still open for setup).
import type { Authorizer } from "../auth/authorizer.js";
import { allAccessPermissions, operatorPermissions, type Permission } from "../auth/permissions.js";
import { hashPassword } from "../auth/passwords.js";
import { createAuthorization } from "../authorizations/repository.js";
import { createBucket } from "../buckets/repository.js";
import { checkRetention } from "../buckets/retention.js";
import { isUniqueViolation } from "../db/errors.js";
import type { Transaction } from "kysely";
import type { AuthorizationRow, Bucket, Database, Org, User } from "../db/schema.js";
import { conflict, FluxgateError } from "../http/errors.js";
import type { AppContext } from "../http/types.js";
import { createOrgWithSystemBuckets } from "../orgs/repository.js";
import { insertUser, setPasswordHash } from "../users/repository.js";

export interface OnboardingRequest {
  username: string;
  password?: string;
  org: string;
  bucket: string;
  retentionPeriodSeconds?: number;
  retentionPeriodHrs?: number;
  token?: string;
}

export interface OnboardingResult {
  user: User;
  org: Org;
  bucket: Bucket;
  authorization: AuthorizationRow;
  token: string;
}

export const SETUP_DONE_MESSAGE = "onboarding has already been completed";

export class SetupService {
  constructor(
    private readonly app: AppContext,
    private readonly auth: Authorizer,
  ) {}

  async isAllowed(): Promise<boolean> {
    const row = await this.app.db.selectFrom("setup").select("id").executeTakeFirst();
    return row === undefined;
  }

  /** POST /api/v2/setup: open to anyone, once. */
  async setup(request: OnboardingRequest): Promise<OnboardingResult> {
    const input = await prepare(request);
    try {
      return await this.app.db.transaction().execute(async (trx) => {
        // The setup row's primary key makes a concurrent second setup fail here.
        const claimed = await trx.insertInto("setup").values({ id: 1, completed_at: new Date() }).onConflict((oc) => oc.doNothing()).returning("id").executeTakeFirst();
        if (!claimed) throw new FluxgateError("conflict", SETUP_DONE_MESSAGE);
        return create(trx, input, (_orgID) => operatorPermissions());
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict("onboarding failed: a user, org or bucket with that name already exists");
      throw err;
    }
  }

  /** POST /api/v2/setup/user (deprecated): another user, org and bucket, for a caller allowed to make them. */
  async setupUser(request: OnboardingRequest): Promise<OnboardingResult> {
    await this.auth.requireOn("write", "users");
    await this.auth.requireOn("write", "orgs");
    const input = await prepare(request);
    try {
      return await this.app.db.transaction().execute((trx) => create(trx, input, (orgID, userID) => allAccessPermissions(orgID, userID)));
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict("a user, org or bucket with that name already exists");
      throw err;
    }
  }
}

interface PreparedRequest extends OnboardingRequest {
  passwordHash?: string;
  retentionSeconds: number;
}

async function prepare(request: OnboardingRequest): Promise<PreparedRequest> {
  for (const field of ["username", "org", "bucket"] as const) {
    if (!request[field].trim()) throw new FluxgateError("invalid", `${field} must not be empty`);
  }
  const retentionSeconds = request.retentionPeriodSeconds ?? (request.retentionPeriodHrs ?? 0) * 3600;
  checkRetention(retentionSeconds);
  if (request.token !== undefined && request.token.length === 0) throw new FluxgateError("invalid", "token must not be empty");
  return {
    ...request,
    retentionSeconds,
    ...(request.password !== undefined ? { passwordHash: await hashPassword(request.password) } : {}),
  };
}

type Trx = Transaction<Database>;

async function create(trx: Trx, input: PreparedRequest, permissions: (orgID: string, userID: string) => Permission[]): Promise<OnboardingResult> {
  const user = await insertUser(trx, { name: input.username.trim() });
  if (input.passwordHash) await setPasswordHash(trx, user.id, input.passwordHash);
  const org = await createOrgWithSystemBuckets(trx, { name: input.org.trim(), ownerID: user.id });
  const bucket = await createBucket(trx, { orgID: org.id, name: input.bucket.trim(), retentionSeconds: input.retentionSeconds });
  const { row, token } = await createAuthorization(trx, {
    orgID: org.id,
    userID: user.id,
    permissions: permissions(org.id, user.id),
    description: `${user.name}'s Token`,
    ...(input.token !== undefined ? { token: input.token } : {}),
  });
  return { user, org, bucket, authorization: row, token };
}
