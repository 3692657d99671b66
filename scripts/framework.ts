// How Framework is started by build and dev: from node_modules, offline, in UTC.
import { join } from "node:path";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";

export const frameworkEnv = { ...process.env, TZ: "UTC", OBSERVABLE_TELEMETRY_DISABLE: "true" };
export const observableBin = join(projectRoot, "node_modules", ".bin", "observable");
