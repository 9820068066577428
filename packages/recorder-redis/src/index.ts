export { redisRecorderPlugin as default, redisRecorderPlugin } from "./plugin.js";
export {
  createRedisRecorder,
  RedisRecorder,
  type RedisRecorderContext,
} from "./redis-recorder.js";
export type { OverflowPolicy, RedisClient, RedisRecorderOptions } from "./types.js";
