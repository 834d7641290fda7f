import { createServer } from "node:net";

/** Asks the kernel for a free loopback port. Another process could take it before the server binds;
 * `startFluxgate` retries on a bind failure for that reason. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      if (address === null || typeof address === "string") {
        probe.close();
        reject(new Error("could not read the probe socket's port"));
        return;
      }
      const { port } = address;
      probe.close(() => resolvePort(port));
    });
  });
}
