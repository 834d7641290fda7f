// InfluxDB's list paging: `offset`/`limit` (default 20, at most 100) or cursor `after`, and a
// `links` object whose `self`/`next`/`prev` repeat the request's filters.

export interface Page {
  offset: number;
  limit: number;
  after?: string;
  descending: boolean;
}

export const DEFAULT_LIMIT = 20;

export function readPage(query: Readonly<Record<string, unknown>>): Page {
  const page: Page = {
    offset: typeof query["offset"] === "number" ? query["offset"] : 0,
    limit: typeof query["limit"] === "number" ? query["limit"] : DEFAULT_LIMIT,
    descending: query["descending"] === true,
  };
  if (typeof query["after"] === "string") page.after = query["after"];
  return page;
}

export interface PageLinks {
  self: string;
  next?: string;
  prev?: string;
}

/** Links for a page; `next` only when the page came back full, `prev` only past the first page. */
export function pageLinks(path: string, page: Page, returned: number, filters: Record<string, string | undefined> = {}): PageLinks {
  const url = (offset: number) => {
    const params = new URLSearchParams();
    params.set("descending", String(page.descending));
    params.set("limit", String(page.limit));
    params.set("offset", String(offset));
    if (page.after) params.set("after", page.after);
    for (const [k, v] of Object.entries(filters)) if (v !== undefined) params.set(k, v);
    return `${path}?${params.toString()}`;
  };
  const links: PageLinks = { self: url(page.offset) };
  if (returned >= page.limit) links.next = url(page.offset + page.limit);
  if (page.offset > 0) links.prev = url(Math.max(0, page.offset - page.limit));
  return links;
}
