// The Telegraf plugin catalog served at /api/v2/telegraf/plugins: the plugins the UI offers when it
// builds a configuration, each with a short description and a starting TOML snippet (written here;
// Telegraf's own sample configs list every option).
import { invalid } from "../http/errors.js";

export type PluginKind = "input" | "output" | "processor" | "aggregator";

export interface TelegrafPlugin {
  type: PluginKind;
  name: string;
  description: string;
  config: string;
}

/** The Telegraf release whose option names the snippets use. */
export const CATALOG_TELEGRAF_VERSION = "1.30.0";

const input = (name: string, description: string, options = ""): TelegrafPlugin => ({
  type: "input",
  name,
  description,
  config: `# ${description}\n[[inputs.${name}]]\n${options}`,
});

export const TELEGRAF_PLUGINS: readonly TelegrafPlugin[] = [
  input("cpu", "CPU time per core and in total, as percentages", "  percpu = true\n  totalcpu = true\n  collect_cpu_time = false\n  report_active = false\n"),
  input("mem", "Memory use: total, available, used, cached and buffered bytes"),
  input("disk", "Used and free space of mounted file systems", '  ignore_fs = ["tmpfs", "devtmpfs", "devfs", "iso9660", "overlay", "aufs", "squashfs"]\n'),
  input("diskio", "Reads, writes and time spent per block device"),
  input("net", "Bytes, packets and errors per network interface", '  # interfaces = ["eth0"]\n'),
  input("netstat", "Counts of TCP connections by state and of UDP sockets"),
  input("system", "Load averages, uptime and the number of users and CPUs"),
  input("processes", "Number of processes by state (running, sleeping, zombie…)"),
  input("kernel", "Kernel counters: interrupts, context switches, forks, boot time"),
  input("swap", "Swap space used and free, and pages swapped in and out"),
  input("docker", "Per-container CPU, memory, network and block I/O from the Docker daemon", '  endpoint = "unix:///var/run/docker.sock"\n  timeout = "5s"\n'),
  input("prometheus", "Metrics read from Prometheus exposition endpoints", '  urls = ["http://localhost:9100/metrics"]\n  metric_version = 2\n'),
  input("http_response", "Availability, status code and response time of HTTP endpoints", '  urls = ["http://localhost"]\n  response_timeout = "5s"\n'),
  input("ping", "Round-trip times and packet loss to hosts", '  urls = ["example.org"]\n'),
  input("nginx", "Connection counts from nginx's stub_status page", '  urls = ["http://localhost/server_status"]\n'),
  input("redis", "Server statistics from Redis INFO", '  servers = ["tcp://localhost:6379"]\n'),
  input("postgresql", "Per-database statistics from PostgreSQL", '  address = "host=localhost user=postgres sslmode=disable"\n'),
  input("mysql", "Global status and variables of MySQL servers", '  servers = ["root@tcp(127.0.0.1:3306)/"]\n'),
  input("kubernetes", "Pod and container usage from the kubelet's summary API", '  url = "http://127.0.0.1:10255"\n'),
  input("syslog", "Messages received over the syslog protocol", '  server = "tcp://:6514"\n'),
  {
    type: "output",
    name: "influxdb_v2",
    description: "Writes metrics to an InfluxDB 2.x-compatible API (Fluxgate included)",
    config:
      "# Writes metrics to an InfluxDB 2.x-compatible API (Fluxgate included)\n[[outputs.influxdb_v2]]\n" +
      '  urls = ["http://127.0.0.1:8086"]\n  token = "$INFLUX_TOKEN"\n  organization = ""\n  bucket = ""\n',
  },
  { type: "output", name: "file", description: "Writes metrics to files or standard output", config: '# Writes metrics to files or standard output\n[[outputs.file]]\n  files = ["stdout"]\n' },
  { type: "processor", name: "rename", description: "Renames measurements, tags and fields", config: "# Renames measurements, tags and fields\n[[processors.rename]]\n" },
  { type: "aggregator", name: "basicstats", description: "Count, min, max, mean and variance of each field over a period", config: '# Count, min, max, mean and variance of each field over a period\n[[aggregators.basicstats]]\n  period = "30s"\n' },
];

const KIND_OF_FILTER: Readonly<Record<string, PluginKind>> = { inputs: "input", outputs: "output", processors: "processor", aggregators: "aggregator" };

/** The catalog, or the plugins of one kind (`inputs`, `outputs`, `processors`, `aggregators`). */
export function listPlugins(filter: string | undefined): TelegrafPlugin[] {
  if (filter === undefined || filter === "") return [...TELEGRAF_PLUGINS];
  const kind = KIND_OF_FILTER[filter];
  if (kind === undefined) throw invalid(`unknown plugin type ${JSON.stringify(filter)}: expected inputs, outputs, processors or aggregators`);
  return TELEGRAF_PLUGINS.filter((p) => p.type === kind);
}
