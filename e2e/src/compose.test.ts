import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_FILE_SETTING, SETTINGS } from "@fluxgate/server";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./harness/paths.js";

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { target?: string; source?: string })[];
  healthcheck?: { test?: string | string[] };
  depends_on?: string[] | Record<string, { condition?: string }>;
}
interface ComposeFile {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(join(repoRoot, "docker-compose.yml"), "utf8")) as ComposeFile;
const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf8");

/** Every environment variable name the server reads, from its settings table. */
const knownVariables = new Map<string, (raw: string) => unknown>([
  ...SETTINGS.flatMap((setting) => setting.env.map((name): [string, (raw: string) => unknown] => [name, (raw) => setting.parse(raw)])),
  ...CONFIG_FILE_SETTING.env.map((name): [string, (raw: string) => unknown] => [name, (raw) => raw]),
]);

function service(name: string): ComposeService {
  const found = compose.services?.[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** `environment:` as a map or a list of `NAME=value`, normalised to entries. */
function environmentOf(svc: ComposeService): [string, string][] {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return env.map((item) => {
      const at = item.indexOf("=");
      return at < 0 ? [item, ""] : [item.slice(0, at), item.slice(at + 1)];
    });
  }
  return Object.entries(env).map(([name, value]) => [name, value === null ? "" : String(value)]);
}

/** `ENV NAME=value …` lines of the Dockerfile (continuation lines joined). */
function dockerfileEnv(): [string, string][] {
  const joined = dockerfile.replace(/\\\n/g, " ");
  return [...joined.matchAll(/^ENV\s+(.+)$/gm)].flatMap((line) =>
    [...(line[1] ?? "").matchAll(/([A-Z_][A-Z0-9_]*)=(\S*)/g)].map((m): [string, string] => [m[1] ?? "", m[2] ?? ""]),
  );
}

describe("docker-compose.yml", () => {
  const fluxgateEnv = environmentOf(service("fluxgate"));

  it("sets some environment for fluxgate (so the next test checks something)", () => {
    expect(fluxgateEnv.length).toBeGreaterThan(0);
  });

  it.each(fluxgateEnv)("fluxgate's %s is a real setting and its value parses", (name, value) => {
    const parse = knownVariables.get(name);
    expect(parse, `${name} is not read by the server (not in its settings table)`).toBeDefined();
    expect(() => parse?.(value)).not.toThrow();
  });

  it("wires fluxgate to the postgres service through DATABASE_URL", () => {
    const url = new URL(Object.fromEntries(fluxgateEnv)["DATABASE_URL"] ?? "");
    expect(url.protocol).toBe("postgres:");
    expect(url.hostname).toBe("postgres");
    const pg = environmentOf(service("postgres"));
    const pgEnv = Object.fromEntries(pg);
    expect(decodeURIComponent(url.username)).toBe(pgEnv["POSTGRES_USER"]);
    expect(decodeURIComponent(url.password)).toBe(pgEnv["POSTGRES_PASSWORD"]);
    expect(url.pathname).toBe(`/${pgEnv["POSTGRES_DB"]}`);
  });

  it("starts fluxgate only once postgres is healthy, and health-checks both", () => {
    const dependsOn = service("fluxgate").depends_on;
    expect(Array.isArray(dependsOn) ? undefined : dependsOn?.["postgres"]?.condition).toBe("service_healthy");
    expect(service("postgres").healthcheck?.test).toBeDefined();
    expect(JSON.stringify(service("fluxgate").healthcheck?.test)).toContain("/health");
  });

  it("keeps fluxgate's data dir on a named volume", () => {
    const dataDir = Object.fromEntries(fluxgateEnv)["FLUXGATE_DATA_DIR"];
    expect(dataDir).toBeDefined();
    const mounts = (service("fluxgate").volumes ?? []).map((v) => (typeof v === "string" ? v.split(":") : [v.source, v.target]));
    const mount = mounts.find(([, target]) => target === dataDir);
    expect(mount, `no volume mounted at ${dataDir}`).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(mount?.[0]);
  });
});

describe("Dockerfile", () => {
  const env = dockerfileEnv();

  it.each(env.filter(([name]) => name.startsWith("FLUXGATE_") || name === "DATABASE_URL"))(
    "%s is a real setting and its value parses",
    (name, value) => {
      const parse = knownVariables.get(name);
      expect(parse, `${name} is not read by the server`).toBeDefined();
      expect(() => parse?.(value)).not.toThrow();
    },
  );

  it("runs `fluxgate run` as a non-root user with its data dir at /var/lib/fluxgate, port 8086, health-checked", () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim/m);
    expect(dockerfile).toMatch(/^USER (?!root\b)\S+/m);
    expect(Object.fromEntries(env)["FLUXGATE_DATA_DIR"]).toBe("/var/lib/fluxgate");
    expect(dockerfile).toMatch(/^EXPOSE 8086$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*[\s\S]*\/health/m);
    expect(dockerfile).toMatch(/apps\/server\/dist\/main\.js/);
    expect(dockerfile).toMatch(/^CMD \["run"\]$/m);
  });
});
