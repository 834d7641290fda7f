export { Authorizer, permissionString, sessionPermissions } from "./authorizer.js";
export type { Identity, BasicResolver } from "./authorizer.js";
export { parseCredentials, readCookie } from "./credentials.js";
export type { Credentials } from "./credentials.js";
export * from "./permissions.js";
export { newToken, hashToken } from "./tokens.js";
export { hashPassword, verifyPassword, checkPasswordStrength, MIN_PASSWORD_LENGTH } from "./passwords.js";
export * from "./sessions.js";
