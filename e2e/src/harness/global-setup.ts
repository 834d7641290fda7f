import { assertServerBuilt } from "./server.js";

/** Fails the whole run at once, with one clear message, when the server has not been built. */
export default function globalSetup(): void {
  assertServerBuilt();
}
