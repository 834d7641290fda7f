// Writes fluxgate.yaml, the one self-contained contract the server loads, and operation-ids.ts, the
// typed list of its operationIds, from the sources in spec/.
import { writeFileSync } from "node:fs";
import { bundleSpec, bundleText, operationIdsModule } from "./bundle-spec.js";
import { operationIdsPath, specPath, specSourceDir } from "./paths.js";

writeFileSync(specPath, bundleText(specSourceDir));
writeFileSync(operationIdsPath, operationIdsModule(bundleSpec(specSourceDir)));
console.log(`wrote ${specPath} and ${operationIdsPath}`);
