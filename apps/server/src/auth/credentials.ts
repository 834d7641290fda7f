// What a request presents to prove who it is, before anything is looked up.
import type { IncomingHttpHeaders } from "node:http";
import { SESSION_COOKIE } from "./sessions.js";

export type Credentials =
  | { kind: "none" }
  | { kind: "token"; token: string }
  | { kind: "basic"; username: string; password: string }
  | { kind: "session"; cookie: string };

/**
 * `Authorization: Token|Bearer <t>` wins, then Basic, then (only where v1 allows it, i.e. outside
 * /api/v2) the `u`/`p` query parameters, then the session cookie.
 */
export function parseCredentials(headers: IncomingHttpHeaders, query: Record<string, unknown>, allowQueryCredentials: boolean): Credentials {
  const header = headers.authorization;
  if (header) {
    const space = header.indexOf(" ");
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const value = space < 0 ? "" : header.slice(space + 1).trim();
    if ((scheme === "token" || scheme === "bearer") && value) return { kind: "token", token: value };
    if (scheme === "basic" && value) {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon >= 0) return { kind: "basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    return { kind: "none" };
  }
  if (allowQueryCredentials && typeof query["u"] === "string" && typeof query["p"] === "string") {
    return { kind: "basic", username: query["u"], password: query["p"] };
  }
  const cookie = readCookie(headers.cookie, SESSION_COOKIE);
  if (cookie) return { kind: "session", cookie };
  return { kind: "none" };
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
