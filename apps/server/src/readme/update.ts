// `pnpm readme` (repository root): regenerate the README's tables.
import { updateReadme } from "./generated.js";

const changed = await updateReadme();
process.stdout.write(changed ? "README.md updated\n" : "README.md already up to date\n");
