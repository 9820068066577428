import type { UsageRecord } from "../../src/index.js";
import { ArrayRecorder } from "./array-recorder.js";

/** A recorder whose writes fail: by throwing synchronously, by rejecting, or never settling. */
export class FailingRecorder extends ArrayRecorder {
  constructor(private readonly mode: "throws" | "rejects" | "hangs") {
    super();
  }

  override recordUsage(_record: UsageRecord): Promise<void> {
    if (this.mode === "throws") throw new Error("disk full");
    if (this.mode === "rejects") return Promise.reject(new Error("connection refused"));

    return new Promise(() => {});
  }
}
