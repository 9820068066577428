import {
  InvalidRecorderPluginError,
  loadRecorderPluginByName,
  messageOf,
  RecorderNotFoundError,
} from "@genie/usage-core";

/** Whether a configured recorder can be loaded, and if not, why. */
export interface RecorderCheck {
  loads: boolean;
  problem?: string;
}

/**
 * Checks that a configured recorder name can be loaded, as the commands would
 * load it (a dev-dir plugin, else a candidate package from the application's
 * root, else one bundled with genie-usage), without creating the recorder:
 * no store is contacted. Loading goes through core's own discovery.
 */
export async function checkRecorder(
  name: string,
  pluginDevDirs: readonly string[],
  roots: readonly string[],
): Promise<RecorderCheck> {
  if (name === "none") return { loads: true };
  let notFound = "";
  for (const [index, root] of roots.entries()) {
    try {
      // Dev-dir plugins belong to the application, so only its root looks at them.
      await loadRecorderPluginByName(name, {
        root,
        pluginDevDirs: index === 0 ? pluginDevDirs : [],
        env: {},
      });
      return { loads: true };
    } catch (error) {
      if (error instanceof RecorderNotFoundError) {
        notFound ||= `not installed (looked for ${error.tried.join(", ")})`;
        continue;
      }
      if (error instanceof InvalidRecorderPluginError)
        return { loads: false, problem: error.message };
      return { loads: false, problem: messageOf(error) };
    }
  }

  return { loads: false, problem: notFound || "not installed" };
}
