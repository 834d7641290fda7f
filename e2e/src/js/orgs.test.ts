import { OrgsAPI, UsersAPI } from "@influxdata/influxdb-client-apis";
import { describe, expect, it } from "vitest";
import { influxClient, uniqueName } from "../harness/client.js";
import { errorCode, expectHttpError } from "../harness/expect-http-error.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";

const instance = useOnboardedServer();
const orgsAPI = (): OrgsAPI => new OrgsAPI(influxClient(instance.current.server.url, instance.current.setup.token));
const usersAPI = (): UsersAPI => new UsersAPI(influxClient(instance.current.server.url, instance.current.setup.token));

describe("JS client: OrgsAPI", () => {
  it("creates an org and finds it by ID, by name and in the list", async () => {
    const name = uniqueName("org");
    const created = await orgsAPI().postOrgs({ body: { name, description: "made by e2e" } });
    expect(created.id).toMatch(/^[0-9a-f]{16}$/);
    expect(created.name).toBe(name);
    expect(created.description).toBe("made by e2e");

    const byID = await orgsAPI().getOrgsID({ orgID: created.id ?? "" });
    expect(byID.name).toBe(name);

    const byName = await orgsAPI().getOrgs({ org: name });
    expect(byName.orgs?.map((org) => org.id)).toEqual([created.id]);

    const all = await orgsAPI().getOrgs();
    const names = all.orgs?.map((org) => org.name) ?? [];
    expect(names).toContain(name);
    expect(names).toContain(instance.current.setup.orgName);
  });

  it("refuses a duplicate org name (422 conflict)", async () => {
    const name = uniqueName("org-dup");
    await orgsAPI().postOrgs({ body: { name } });
    const error = await expectHttpError(orgsAPI().postOrgs({ body: { name } }));
    expect(error.statusCode).toBe(422);
    expect(errorCode(error)).toBe("conflict");
  });

  it("updates an org's name and description", async () => {
    const created = await orgsAPI().postOrgs({ body: { name: uniqueName("org-old") } });
    const newName = uniqueName("org-new");
    const updated = await orgsAPI().patchOrgsID({ orgID: created.id ?? "", body: { name: newName, description: "renamed" } });
    expect(updated.name).toBe(newName);
    expect(updated.description).toBe("renamed");
    expect((await orgsAPI().getOrgsID({ orgID: created.id ?? "" })).name).toBe(newName);
  });

  it("deletes an org; afterwards it is 404", async () => {
    const created = await orgsAPI().postOrgs({ body: { name: uniqueName("org-gone") } });
    await orgsAPI().deleteOrgsID({ orgID: created.id ?? "" });
    const error = await expectHttpError(orgsAPI().getOrgsID({ orgID: created.id ?? "" }));
    expect(error.statusCode).toBe(404);
    expect(errorCode(error)).toBe("not found");
  });

  it("an unknown org ID is 404", async () => {
    const error = await expectHttpError(orgsAPI().getOrgsID({ orgID: "0000000000000bad" }));
    expect(error.statusCode).toBe(404);
  });

  it("the user who creates an org is its owner", async () => {
    const created = await orgsAPI().postOrgs({ body: { name: uniqueName("org-owned") } });
    const owners = await orgsAPI().getOrgsIDOwners({ orgID: created.id ?? "" });
    expect(owners.users?.map((user) => [user.id, user.role])).toContainEqual([instance.current.setup.userID, "owner"]);
  });

  it("adds, lists and removes members", async () => {
    const org = await orgsAPI().postOrgs({ body: { name: uniqueName("org-members") } });
    const orgID = org.id ?? "";
    const user = await usersAPI().postUsers({ body: { name: uniqueName("member") } });
    const userID = user.id ?? "";

    const added = await orgsAPI().postOrgsIDMembers({ orgID, body: { id: userID } });
    expect(added.id).toBe(userID);
    expect(added.role).toBe("member");

    const members = await orgsAPI().getOrgsIDMembers({ orgID });
    expect(members.users?.map((member) => [member.id, member.name, member.role])).toContainEqual([userID, user.name, "member"]);

    await orgsAPI().deleteOrgsIDMembersID({ orgID, userID });
    const after = await orgsAPI().getOrgsIDMembers({ orgID });
    expect(after.users?.map((member) => member.id) ?? []).not.toContain(userID);
  });

  it("adds, lists and removes owners", async () => {
    const org = await orgsAPI().postOrgs({ body: { name: uniqueName("org-owners") } });
    const orgID = org.id ?? "";
    const user = await usersAPI().postUsers({ body: { name: uniqueName("owner") } });
    const userID = user.id ?? "";

    const added = await orgsAPI().postOrgsIDOwners({ orgID, body: { id: userID } });
    expect(added.id).toBe(userID);
    expect(added.role).toBe("owner");

    const owners = await orgsAPI().getOrgsIDOwners({ orgID });
    expect(owners.users?.map((owner) => [owner.id, owner.role])).toContainEqual([userID, "owner"]);

    await orgsAPI().deleteOrgsIDOwnersID({ orgID, userID });
    const after = await orgsAPI().getOrgsIDOwners({ orgID });
    expect(after.users?.map((owner) => owner.id) ?? []).not.toContain(userID);
  });
});
