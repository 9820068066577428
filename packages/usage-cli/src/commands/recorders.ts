import { listRecorders, type RecorderListing, resolveConfig } from "@genie/usage-core";
import type { Command } from "commander";
import { EXIT } from "../exit-codes.js";
import { renderTable } from "../format-table.js";
import { maskOptions, resolveCliConfig } from "../open-genie.js";
import { checkRecorder } from "../recorder-check.js";
import { type CliIo, type GlobalOptions, printJson } from "./context.js";

export interface RecordersReport {
  /** `loads` is false (with the `problem`) for one that cannot be loaded. */
  configured: {
    name: string;
    options: Record<string, unknown>;
    loads: boolean;
    problem?: string;
  }[];
  /** Where the choice came from: flag, config file, environment or default. */
  configuredFrom: string;
  configFile: string | null;
  /** What the application can select (its dependencies and pluginDevDirs). */
  available: RecorderListing[];
  /** Recorders installed with genie-usage itself, usable from any folder. */
  bundled: RecorderListing[];
}

export async function recordersReport(globals: GlobalOptions, io: CliIo): Promise<RecordersReport> {
  const cli = await resolveCliConfig(globals, io.env, io.cwd);
  const resolved = resolveConfig(cli.config);
  const available = await listRecorders({ ...cli.config, root: resolved.root });
  const roots = [resolved.root, ...(io.bundledRoot && !cli.rootGiven ? [io.bundledRoot] : [])];
  const configured: RecordersReport["configured"] = [];
  for (const selection of resolved.recorders) {
    const name = typeof selection === "string" ? selection : "(object)";
    const check =
      typeof selection === "string"
        ? await checkRecorder(name, resolved.pluginDevDirs, roots)
        : { loads: true };
    configured.push({
      name,
      options: maskOptions(resolved.recorderConfigurations[name] ?? {}),
      ...check,
    });
  }
  const bundled = io.bundledRoot
    ? (await listRecorders({ root: io.bundledRoot, env: {} })).filter(
        (b) => !available.some((a) => a.source === b.source),
      )
    : [];

  return {
    configured,
    configuredFrom: cli.recorderFrom,
    configFile: cli.configFile ?? null,
    available,
    bundled,
  };
}

function renderRecorders(report: RecordersReport): string {
  const configured = report.configured
    .map((c) => {
      const options = Object.entries(c.options)
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(" ");
      const problem = c.loads ? "" : `  CANNOT LOAD: ${c.problem ?? "unknown problem"}`;
      return `  ${c.name}${options ? ` (${options})` : ""}${problem}`;
    })
    .join("\n");
  const rows = [
    ...report.available.map((l) => [l.name, l.source, l.origin]),
    ...report.bundled.map((l) => [l.name, l.source, "bundled with genie-usage"]),
  ];
  const table = renderTable(
    [
      { header: "name", align: "left" },
      { header: "source", align: "left" },
      { header: "origin", align: "left" },
    ],
    rows,
  );
  const from = report.configFile
    ? `${report.configuredFrom}; config file ${report.configFile}`
    : report.configuredFrom;

  return `Configured recorder (${from}):\n${configured}\n\nAvailable:\n${table}\n`;
}

export function registerRecorders(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command("recorders")
    .description(
      "list the recorders the application can select, and the configured one " +
        "(exit 3 when it cannot be loaded)",
    )
    .action(async (_flags: unknown, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const report = await recordersReport(globals, io);
      if (globals.json) printJson(io, report);
      else io.stdout.write(renderRecorders(report));
      for (const c of report.configured.filter((r) => !r.loads)) {
        io.stderr.write(
          `genie-usage: the configured recorder "${c.name}" cannot be loaded: ${c.problem}.\n`,
        );
        setExit(EXIT.recorder);
      }
    });
}
