// Tests run against the TypeScript sources of workspace packages (the `fluxgate-source` export
// condition), so a change in one package is seen by its dependents' tests without a rebuild.
import { defaultServerConditions } from "vite";

const conditions = ["fluxgate-source", ...defaultServerConditions];

export const sourceConditions = {
  resolve: { conditions },
  ssr: { resolve: { conditions } },
};
