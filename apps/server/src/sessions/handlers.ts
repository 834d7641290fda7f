// Signin and signout: the browser's way in, through the influxdb-oss-session cookie.
import { createSession, expiredSessionCookieHeader, revokeSession, sessionCookieHeader } from "../auth/sessions.js";
import { FluxgateError, unauthorized } from "../http/errors.js";
import type { HandlerMap } from "../http/types.js";
import { UserService } from "../users/service.js";

export const handlers: HandlerMap = {
  PostSignin: async (ctx) => {
    const c = ctx.auth.credentials;
    if (c.kind !== "basic") throw unauthorized("signin requires a username and password (Basic authentication)");
    const user = await new UserService(ctx.app, ctx.auth).verify(c.username, c.password);
    if (user.status !== "active") throw new FluxgateError("forbidden", "user is inactive");
    const { cookie } = await createSession(ctx.app, user.id);
    return { status: 204, headers: { "Set-Cookie": sessionCookieHeader(cookie, ctx.app.config.tlsCert !== "") } };
  },

  PostSignout: async (ctx) => {
    const identity = await ctx.auth.identity();
    if (!identity.sessionID) throw unauthorized("signout requires a session");
    await revokeSession(ctx.app, identity.sessionID);
    return { status: 204, headers: { "Set-Cookie": expiredSessionCookieHeader() } };
  },
};
