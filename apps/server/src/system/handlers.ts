// Server basics: health, ping, ready, the route index and Prometheus metrics, all public as in InfluxDB;
// instance.ts adds the resource types, feature flags and configuration (authenticated).
import type { HandlerMap, HandlerReply } from "../http/types.js";
import { handlers as instance } from "./instance.js";
import { BUILD, FLUXGATE_VERSION } from "./version.js";

const pong = (version: string): HandlerReply => ({
  status: 204,
  headers: { "X-Influxdb-Version": version, "X-Influxdb-Build": BUILD, "X-Fluxgate-Version": FLUXGATE_VERSION },
});

export const handlers: HandlerMap = {
  ...instance,

  GetHealth: async ({ app }) => {
    try {
      await app.db.selectFrom("setup").select("id").limit(1).execute();
    } catch (err) {
      return {
        status: 503,
        body: { name: "influxdb", message: "metadata store unavailable", status: "fail", checks: [{ name: "metadata", status: "fail", message: (err as Error).message }], version: app.version, commit: app.commit },
      };
    }
    return { status: 200, body: { name: "influxdb", message: "ready for queries and writes", status: "pass", checks: [], version: app.version, commit: app.commit } };
  },

  GetPing: async ({ app }) => pong(app.version),
  HeadPing: async ({ app }) => pong(app.version),

  GetReady: async ({ app }) => ({
    status: 200,
    body: { status: "ready", started: app.startedAt.toISOString(), up: goDuration(Date.now() - app.startedAt.getTime()) },
  }),

  GetRoutes: async () => ({
    status: 200,
    body: {
      authorizations: "/api/v2/authorizations",
      buckets: "/api/v2/buckets",
      dashboards: "/api/v2/dashboards",
      external: { statusFeed: "https://www.influxdata.com/feed/json" },
      variables: "/api/v2/variables",
      me: "/api/v2/me",
      flags: "/api/v2/flags",
      orgs: "/api/v2/orgs",
      query: { self: "/api/v2/query", ast: "/api/v2/query/ast", analyze: "/api/v2/query/analyze", suggestions: "/api/v2/query/suggestions" },
      setup: "/api/v2/setup",
      signin: "/api/v2/signin",
      signout: "/api/v2/signout",
      sources: "/api/v2/sources",
      system: { metrics: "/metrics", debug: "/debug/pprof", health: "/health" },
      tasks: "/api/v2/tasks",
      telegrafs: "/api/v2/telegrafs",
      users: "/api/v2/users",
      write: "/api/v2/write",
    },
  }),

  GetMetrics: async ({ app }) => ({
    status: 200,
    headers: { "Content-Type": app.metrics.registry.contentType },
    body: await app.metrics.registry.metrics(),
  }),
};

/** Go's time.Duration spelling (`1h2m3.5s`), which InfluxDB's /ready uses for `up`. */
function goDuration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ""}${h || m ? `${m}m` : ""}${s}s`;
}
