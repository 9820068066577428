import { runRecorderConformanceSuite } from "@genie/recorder-test-suite";
import { Redis } from "ioredis";
import { afterAll } from "vitest";
import { conformanceTarget } from "./conformance-target.js";
import { REDIS_URL } from "./helpers.js";

const target = conformanceTarget("redis", { url: REDIS_URL }, () => new Redis(REDIS_URL));
afterAll(() => target.closeAdmin());

runRecorderConformanceSuite(target);
