import { describe, expect, it } from "vitest";
import { type Answer, warmUpServer } from "./query-run.js";

const ok: Answer = { status: 200, bytes: 2, text: "ok" };

describe("warmUpServer", () => {
  it("sends every ask each round, at least the cold rounds, and keeps only those rounds' latencies", async () => {
    const sent: string[] = [];
    const ask = (label: string) => ({ label, ask: async () => (sent.push(label), ok) });
    const { rounds, runs, cold } = await warmUpServer(0, [ask("a"), ask("b")], 3, 0);
    expect(rounds).toBe(3);
    expect(runs).toBe(6);
    expect(sent).toEqual(["a", "b", "a", "b", "a", "b"]);
    expect([...cold.keys()]).toEqual(["a", "b"]);
    for (const latencies of cold.values()) {
      expect(latencies).toHaveLength(3);
      expect([...latencies].sort((x, y) => x - y)).toEqual(latencies);
    }
  });

  it("goes on round after round until its seconds have passed", async () => {
    const began = performance.now();
    const { rounds, cold } = await warmUpServer(0.05, [{ label: "a", ask: () => new Promise((done) => setTimeout(() => done(ok), 5)) }], 1, 0);
    expect(performance.now() - began).toBeGreaterThanOrEqual(45);
    expect(rounds).toBeGreaterThan(1);
    expect(cold.get("a")).toHaveLength(1);
  });

  it("gives each ask its slice of a round, so a light ask runs many times where a heavy one runs once", async () => {
    const sent: string[] = [];
    const light = { label: "light", ask: async () => (sent.push("light"), ok) };
    const heavy = { label: "heavy", ask: () => new Promise<Answer>((done) => setTimeout(() => (sent.push("heavy"), done(ok)), 40)) };
    const { rounds, cold } = await warmUpServer(0, [light, heavy], 1, 20);
    expect(rounds).toBe(1);
    expect(sent.filter((s) => s === "heavy")).toHaveLength(1);
    expect(sent.filter((s) => s === "light").length).toBeGreaterThan(1);
    expect(sent.at(-1)).toBe("heavy");
    expect(cold.get("light")!.length).toBe(sent.length - 1);
  });

  it("stops at an answer that is not a 200, naming the ask", async () => {
    const failing = { label: "influxql lastpoint", ask: async (): Promise<Answer> => ({ status: 500, bytes: 4, text: "boom" }) };
    await expect(warmUpServer(0, [failing], 1, 0)).rejects.toThrow("warm-up influxql lastpoint answered 500: boom");
  });
});
