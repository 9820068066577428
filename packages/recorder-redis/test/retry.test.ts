import { describe, expect, it } from "vitest";
import { isTransientError, retryDelay } from "../src/retry.js";

function replyError(message: string): Error {
  const error = new Error(message);
  error.name = "ReplyError";
  return error;
}

describe("retry policy", () => {
  it("retries connection failures and busy servers, not refused commands", () => {
    expect(isTransientError(new Error("Connection is closed."))).toBe(true);
    expect(isTransientError(replyError("LOADING Redis is loading the dataset"))).toBe(true);
    expect(isTransientError(replyError("OOM command not allowed"))).toBe(true);
    expect(isTransientError(replyError("ERR user_script:1: bad"))).toBe(false);
    expect(isTransientError(replyError("WRONGTYPE Operation against a key"))).toBe(false);
    expect(isTransientError(new TypeError("bug"))).toBe(false);
  });

  it("backs off exponentially up to the cap", () => {
    for (let attempt = 1; attempt < 40; attempt++) {
      const delay = retryDelay(attempt, 2000);
      expect(delay).toBeLessThanOrEqual(2000);
      expect(delay).toBeGreaterThanOrEqual(Math.min(2000, 25 * 2 ** attempt) / 2 - 1);
    }
  });
});
