// Writes fluxgate.yaml, the one self-contained contract the server loads, from the sources in spec/.
import { writeFileSync } from "node:fs";
import { bundleText } from "./bundle-spec.js";
import { specPath, specSourceDir } from "./paths.js";

writeFileSync(specPath, bundleText(specSourceDir));
console.log(`wrote ${specPath}`);
