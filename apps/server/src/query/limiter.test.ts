import { describe, expect, it } from "vitest";
import { FluxgateError } from "../http/errors.js";
import { QueryLimiter } from "./limiter.js";

describe("QueryLimiter", () => {
  it("runs up to the concurrency, queues up to the queue size and refuses the rest with 429", async () => {
    const limiter = new QueryLimiter(1, 1);
    const first = await limiter.acquire();
    let secondRan = false;
    const second = limiter.acquire().then((release) => {
      secondRan = true;
      return release;
    });
    const third = await limiter.acquire().catch((e: unknown) => e);
    expect(third).toBeInstanceOf(FluxgateError);
    expect((third as FluxgateError).status).toBe(429);
    await Promise.resolve();
    expect(secondRan).toBe(false);

    first();
    first(); // releasing twice frees one slot only
    const releaseSecond = await second;
    expect(secondRan).toBe(true);
    // The slot passed to the second query: a new one waits again rather than running.
    let fourthRan = false;
    const fourth = limiter.acquire().then((release) => ((fourthRan = true), release));
    await Promise.resolve();
    expect(fourthRan).toBe(false);
    releaseSecond();
    (await fourth)();
    // All slots free again: the next query runs at once.
    (await limiter.acquire())();
  });
});
