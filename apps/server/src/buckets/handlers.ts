import type { UserRole } from "../db/schema.js";
import { pageLinks, readPage } from "../http/paging.js";
import type { Handler, HandlerContext, HandlerMap } from "../http/types.js";
import { presentResourceUser, presentResourceUsers } from "../orgs/present.js";
import { presentBucket } from "./present.js";
import type { RetentionRule } from "./retention.js";
import { BucketService, type BucketFilterInput } from "./service.js";

const service = (ctx: HandlerContext) => new BucketService(ctx.app, ctx.auth);
// pageLinks adds `next` for a full page; the repository read one row ahead, so say "full" only
// when more rows really follow (a last page that happens to be full gets no `next`).
const fullWhenMore = (limit: number, more: boolean) => (more ? limit : 0);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

interface PostBucketBody {
  orgID: string;
  name: string;
  description?: string;
  rp?: string;
  retentionRules?: RetentionRule[] | null;
  schemaType?: "implicit" | "explicit";
}

interface PatchBucketBody {
  name?: string;
  description?: string;
  retentionRules?: RetentionRule[];
}

const listUsers =
  (role: UserRole): Handler =>
  async (ctx) => {
    const bucketID = ctx.params["bucketID"]!;
    const users = await service(ctx).users(bucketID, role);
    return { status: 200, body: presentResourceUsers(`/api/v2/buckets/${bucketID}/${role}s`, users, role) };
  };

const addUser =
  (role: UserRole): Handler =>
  async (ctx) => {
    const user = await service(ctx).addUser(ctx.params["bucketID"]!, (ctx.body as { id: string }).id, role);
    return { status: 201, body: presentResourceUser(user, role) };
  };

const removeUser: Handler = async (ctx) => {
  await service(ctx).removeUser(ctx.params["bucketID"]!, ctx.params["userID"]!);
  return { status: 204 };
};

export const handlers: HandlerMap = {
  GetBuckets: async (ctx) => {
    const page = readPage(ctx.query);
    const raw = { id: str(ctx.query["id"]), orgID: str(ctx.query["orgID"]), org: str(ctx.query["org"]), name: str(ctx.query["name"]) };
    const filter: BucketFilterInput = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    const { buckets, more } = await service(ctx).list(filter, page);
    const links = pageLinks("/api/v2/buckets", page, fullWhenMore(page.limit, more), raw);
    return { status: 200, body: { links, buckets: buckets.map(presentBucket) } };
  },

  PostBuckets: async (ctx) => {
    const body = ctx.body as PostBucketBody;
    const bucket = await service(ctx).create({
      orgID: body.orgID,
      name: body.name,
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.retentionRules ? { retentionRules: body.retentionRules } : {}),
      ...(body.schemaType ? { schemaType: body.schemaType } : {}),
    });
    return { status: 201, body: presentBucket(bucket) };
  },

  GetBucketsID: async (ctx) => ({ status: 200, body: presentBucket(await service(ctx).find(ctx.params["bucketID"]!)) }),

  PatchBucketsID: async (ctx) => {
    const body = ctx.body as PatchBucketBody;
    const bucket = await service(ctx).update(ctx.params["bucketID"]!, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.retentionRules ? { retentionRules: body.retentionRules } : {}),
    });
    return { status: 200, body: presentBucket(bucket) };
  },

  DeleteBucketsID: async (ctx) => {
    await service(ctx).delete(ctx.params["bucketID"]!);
    return { status: 204 };
  },

  GetBucketsIDMembers: listUsers("member"),
  PostBucketsIDMembers: addUser("member"),
  DeleteBucketsIDMembersID: removeUser,
  GetBucketsIDOwners: listUsers("owner"),
  PostBucketsIDOwners: addUser("owner"),
  DeleteBucketsIDOwnersID: removeUser,
};
