// The built-in `self` source: this server. InfluxDB 2.x lists it in every instance under a fixed
// ID and a fixed org ID that names no real org, so only a grant on every source (or on this one
// by ID) reaches it; org-scoped tokens see only their org's stored sources.

export const SELF_SOURCE_ID = "020f755c3c082000";
export const SELF_SOURCE_ORG_ID = "50616e67652c206c";
export const SELF_SOURCE_NAME = "autogen";
