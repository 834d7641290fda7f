// The `format`s the contract uses, for the ajv instance that validates requests against it (the
// server's, and this package's tests). Only date-time is checked (RFC 3339, as InfluxDB parses it);
// the others describe encodings that the type already constrains or that handlers check.

/** What this needs of an ajv instance. */
export interface FormatRegistry {
  addFormat(name: string, format: true | ((value: string) => boolean)): unknown;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Registers the contract's formats on `ajv`, and returns it (openapi-backend's `customizeAjv`). */
export function addContractFormats<A extends FormatRegistry>(ajv: A): A {
  ajv.addFormat("date-time", (value: string) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)));
  for (const name of ["date", "int32", "int64", "float", "double", "byte", "binary", "uri", "url", "email", "password", "uuid", "duration", "hostname"]) {
    ajv.addFormat(name, true);
  }
  return ajv;
}
