import { defineRecorderPlugin } from "@genie/usage-core";
import { createRedisRecorder } from "./redis-recorder.js";
import type { RedisRecorderOptions } from "./types.js";

/** The `redis` recorder plugin: `features: { tokenUsageRecorder: "redis" }`. */
export const redisRecorderPlugin = defineRecorderPlugin<RedisRecorderOptions>({
  name: "redis",
  create: (options, context) =>
    createRedisRecorder(options, { recorderId: context.recorderId, logger: context.logger }),
});
