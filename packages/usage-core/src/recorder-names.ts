/** The naming grammar of DESIGN §4: from what a user writes to package names. */

export const MEMORY_PACKAGE = "@genie/recorder-memory";
const MEMORY_ALIASES: ReadonlySet<string> = new Set(["memory", "in_memory_token_recorder"]);
const NOT_A_RECORDER: ReadonlySet<string> = new Set(["@genie/recorder-test-suite"]);

/** Whether the written name selects no recorder at all. */
export function isNoneSelection(name: string): boolean {
  return name === "none";
}

/** The package names tried for a written recorder name, in order. */
export function candidatePackages(name: string): string[] {
  if (MEMORY_ALIASES.has(name)) return [MEMORY_PACKAGE];
  if (name.startsWith("@")) {
    const slash = name.indexOf("/");
    if (slash === -1) return [`${name}/genie-recorder`];
    const scope = name.slice(0, slash);
    const bare = name.slice(slash + 1);
    if (isConventionalScopedName(scope, bare)) return [name];
    return [`${scope}/genie-recorder-${bare}`];
  }
  if (name.startsWith("genie-recorder-")) return [name];

  return [`@genie/recorder-${name}`, `genie-recorder-${name}`];
}

function isConventionalScopedName(scope: string, bare: string): boolean {
  if (scope === "@genie" && bare.startsWith("recorder-")) return true;
  return bare === "genie-recorder" || bare.startsWith("genie-recorder-");
}

/** Whether a package name follows the recorder convention (for listRecorders). */
export function isRecorderPackageName(name: string): boolean {
  if (NOT_A_RECORDER.has(name)) return false;
  if (name.startsWith("@genie/recorder-")) return true;
  if (name.startsWith("genie-recorder-") && name.length > "genie-recorder-".length) return true;
  const match = /^@[^/]+\/(.+)$/.exec(name);

  return (
    match?.[1] !== undefined &&
    (match[1] === "genie-recorder" || match[1].startsWith("genie-recorder-"))
  );
}

/** The short name a user would write for a conventional package name. */
export function shortRecorderName(packageName: string): string {
  if (packageName === MEMORY_PACKAGE) return "memory";
  if (packageName.startsWith("@genie/recorder-"))
    return packageName.slice("@genie/recorder-".length);
  if (packageName.startsWith("genie-recorder-")) return packageName.slice("genie-recorder-".length);
  const match = /^(@[^/]+)\/genie-recorder(?:-(.+))?$/.exec(packageName);
  if (match?.[1]) return match[2] ? `${match[1]}/${match[2]}` : match[1];

  return packageName;
}

/** The canonical id of a written name (aliases fold into one id). */
export function canonicalRecorderId(name: string): string {
  return MEMORY_ALIASES.has(name) ? "memory" : name;
}
