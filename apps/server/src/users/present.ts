import type { User } from "../db/schema.js";

export interface UserJson {
  id: string;
  name: string;
  status: "active" | "inactive";
  links: { self: string };
}

export function presentUser(user: User): UserJson {
  return { links: { self: `/api/v2/users/${user.id}` }, id: user.id, name: user.name, status: user.status };
}
