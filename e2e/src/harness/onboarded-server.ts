import { afterAll, beforeAll } from "vitest";
import { onboard, type Onboarded } from "./onboard.js";
import { startFluxgate, type RunningServer } from "./server.js";

export interface OnboardedServer {
  readonly server: RunningServer;
  readonly setup: Onboarded;
}

/** Registers beforeAll/afterAll hooks that start one fresh, onboarded server for the calling test
 * file. Read `.current` inside tests, once the hook has run. */
export function useOnboardedServer(): { readonly current: OnboardedServer } {
  const holder: { current: OnboardedServer | undefined } = { current: undefined };
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await startFluxgate();
    try {
      holder.current = { server, setup: await onboard(server.url) };
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nServer output:\n${server.output()}`);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get current(): OnboardedServer {
      if (holder.current === undefined) throw new Error("the onboarded server is not running (its beforeAll hook failed)");
      return holder.current;
    },
  };
}
