// `pnpm --filter @fluxgate/server config-table`: the README's configuration table, from the settings table.
import { markdownTable } from "./describe.js";

process.stdout.write(markdownTable());
