// fetch for tests. Every response is checked against the contract; a mismatch throws, failing the test.
import { gzipSync } from "node:zlib";
import { checkResponse, testContract } from "./contract.js";

export interface RequestOptions {
  token?: string;
  /** user:password for Basic auth. */
  basic?: [string, string];
  cookie?: string;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  gzip?: boolean;
}

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, otherwise the text. */
  body: T;
  text: string;
}

export class TestClient {
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers["Authorization"] = `Token ${options.token}`;
    if (options.basic) headers["Authorization"] = `Basic ${Buffer.from(options.basic.join(":")).toString("base64")}`;
    if (options.cookie) headers["Cookie"] = options.cookie;
    let body: Buffer | string | undefined;
    if (options.body !== undefined) {
      if (typeof options.body === "string" || Buffer.isBuffer(options.body)) body = options.body;
      else {
        body = JSON.stringify(options.body);
        headers["Content-Type"] ??= "application/json";
      }
      if (options.gzip) {
        body = gzipSync(body);
        headers["Content-Encoding"] = "gzip";
      }
    }
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    let parsed: unknown = text;
    if (contentType.includes("json")) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`${method} ${path}: response says JSON but is not: ${text.slice(0, 200)}`);
      }
    }
    const api = await testContract();
    const violations = checkResponse(api, {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: res.status,
      contentType,
      body: parsed,
    });
    if (violations.length > 0) {
      throw new Error(`response breaks the contract:\n  ${violations.join("\n  ")}\nbody: ${text.slice(0, 500)}`);
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>("GET", path, options);
  }
  post<T = unknown>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>("POST", path, { ...options, ...(body !== undefined ? { body } : {}) });
  }
  patch<T = unknown>(path: string, body: unknown, options: RequestOptions = {}) {
    return this.request<T>("PATCH", path, { ...options, body });
  }
  put<T = unknown>(path: string, body: unknown, options: RequestOptions = {}) {
    return this.request<T>("PUT", path, { ...options, body });
  }
  delete<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>("DELETE", path, options);
  }
}

