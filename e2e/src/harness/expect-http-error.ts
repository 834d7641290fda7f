import { HttpError } from "@influxdata/influxdb-client";

/** Awaits a client call that must fail and returns the official client's HttpError, so a test can
 * check the status and InfluxDB's `{"code","message"}` body as a client user would see them. */
export async function expectHttpError(call: Promise<unknown>): Promise<HttpError> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error(`expected the call to fail with an HttpError, it succeeded with ${JSON.stringify(result)}`);
}

/** The `code` field of InfluxDB's error body, as the client parsed it. */
export function errorCode(error: HttpError): unknown {
  const body: unknown = error.json;
  return typeof body === "object" && body !== null && "code" in body ? body.code : undefined;
}
