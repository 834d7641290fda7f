// Build step (`pnpm build`): writes the migrated-cluster template that speeds up first starts.
import { writeFile } from "node:fs/promises";
import { openMetadataStore } from "./connect.js";
import { TEMPLATE_PATH } from "./template.js";

const store = await openMetadataStore({ url: "", dataDir: "", inMemory: true });
const dump = await store.dump!("gzip");
await store.close();
await writeFile(TEMPLATE_PATH, Buffer.from(await dump.arrayBuffer()));
process.stdout.write(`wrote ${TEMPLATE_PATH} (${dump.size} bytes)\n`);
