import { MeAPI, SigninAPI, UsersAPI } from "@influxdata/influxdb-client-apis";
import { describe, expect, it } from "vitest";
import { influxClient, uniqueName } from "../harness/client.js";
import { errorCode, expectHttpError } from "../harness/expect-http-error.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";

const instance = useOnboardedServer();
const usersAPI = (): UsersAPI => new UsersAPI(influxClient(instance.current.server.url, instance.current.setup.token));
const signin = (user: string, password: string): Promise<void> =>
  new SigninAPI(influxClient(instance.current.server.url)).postSignin({ auth: { user, password } });

describe("JS client: UsersAPI", () => {
  it("creates a user and finds it by ID, by name and in the list", async () => {
    const name = uniqueName("user");
    const created = await usersAPI().postUsers({ body: { name } });
    expect(created.id).toMatch(/^[0-9a-f]{16}$/);
    expect(created.name).toBe(name);
    expect(created.status).toBe("active");

    expect((await usersAPI().getUsersID({ userID: created.id ?? "" })).name).toBe(name);
    const byName = await usersAPI().getUsers({ name });
    expect(byName.users?.map((user) => user.id)).toEqual([created.id]);
    const all = await usersAPI().getUsers();
    const names = all.users?.map((user) => user.name) ?? [];
    expect(names).toContain(name);
    expect(names).toContain(instance.current.setup.userName);
  });

  it("refuses a duplicate user name (422 conflict)", async () => {
    const name = uniqueName("user-dup");
    await usersAPI().postUsers({ body: { name } });
    const error = await expectHttpError(usersAPI().postUsers({ body: { name } }));
    expect(error.statusCode).toBe(422);
    expect(errorCode(error)).toBe("conflict");
  });

  it("renames a user and sets it inactive", async () => {
    const created = await usersAPI().postUsers({ body: { name: uniqueName("user-old") } });
    const newName = uniqueName("user-new");
    const updated = await usersAPI().patchUsersID({ userID: created.id ?? "", body: { name: newName, status: "inactive" } });
    expect(updated.name).toBe(newName);
    expect(updated.status).toBe("inactive");
    expect((await usersAPI().getUsersID({ userID: created.id ?? "" })).name).toBe(newName);
  });

  it("sets a password that the user can then sign in with", async () => {
    const name = uniqueName("user-pw");
    const created = await usersAPI().postUsers({ body: { name } });
    await usersAPI().postUsersIDPassword({ userID: created.id ?? "", body: { password: "first-password-1" } });
    await expect(signin(name, "first-password-1")).resolves.toBeUndefined();

    await usersAPI().postUsersIDPassword({ userID: created.id ?? "", body: { password: "second-password-2" } });
    await expect(signin(name, "second-password-2")).resolves.toBeUndefined();
    const error = await expectHttpError(signin(name, "first-password-1"));
    expect(error.statusCode).toBe(401);
  });

  it("MeAPI answers for the operator token's user", async () => {
    const me = await new MeAPI(influxClient(instance.current.server.url, instance.current.setup.token)).getMe();
    expect(me.id).toBe(instance.current.setup.userID);
    expect(me.name).toBe(instance.current.setup.userName);
  });

  it("deletes a user; afterwards it is 404", async () => {
    const created = await usersAPI().postUsers({ body: { name: uniqueName("user-gone") } });
    await usersAPI().deleteUsersID({ userID: created.id ?? "" });
    const error = await expectHttpError(usersAPI().getUsersID({ userID: created.id ?? "" }));
    expect(error.statusCode).toBe(404);
    expect(errorCode(error)).toBe("not found");
  });
});
