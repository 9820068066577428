import { runRecorderConformanceSuite } from "@genie/recorder-test-suite";
import { afterAll, inject } from "vitest";
import { conformanceTarget } from "./conformance-target.js";
import { targets } from "./helpers.js";

const clusterNodes = inject("redisClusterNodes");
const cluster = targets().find((t) => t.name === "cluster")!;
const target = conformanceTarget("redis-cluster", { clusterNodes }, () => cluster.connect());
afterAll(() => target.closeAdmin());

runRecorderConformanceSuite(target);
