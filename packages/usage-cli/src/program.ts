import { Command, CommanderError } from "commander";
import { registerClear } from "./commands/clear.js";
import { type CliIo, collect } from "./commands/context.js";
import { registerExport } from "./commands/export.js";
import { registerImport } from "./commands/import.js";
import { registerRecorders } from "./commands/recorders.js";
import { registerSummary } from "./commands/summary.js";
import { describeError } from "./describe-error.js";
import { EXIT, exitCodeOf } from "./exit-codes.js";

export interface RunOptions extends Partial<CliIo> {
  version?: string;
}

function createProgram(io: CliIo, options: RunOptions, setExit: (code: number) => void): Command {
  const program = new Command("genie-usage")
    .description("Import, summarise, export and clear LLM token usage.")
    .option("--recorder <names>", "recorder(s) to use, comma separated (env GENIE_USAGE_RECORDER)")
    .option(
      "--recorder-option <key=value>",
      "option for the selected recorder (repeatable)",
      collect,
    )
    .option("--config <file>", "config file (default: nearest genie.config.{json,js,ts} upward)")
    .option("--no-config", "ignore genie.config.* files")
    .option("--json", "machine-readable output on standard output")
    .option("--verbose", "print stack traces and causes of errors")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError(true);
  if (options.version) program.version(options.version);
  registerImport(program, io, setExit);
  registerSummary(program, io, setExit);
  registerExport(program, io, setExit);
  registerClear(program, io);
  registerRecorders(program, io, setExit);
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput());
  }

  return program;
}

/**
 * Runs genie-usage with `argv` (without the node and script paths) and
 * resolves to the exit code; errors become one line on standard error.
 */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const io: CliIo = {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    stdin: options.stdin ?? process.stdin,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    ...(options.bundledRoot ? { bundledRoot: options.bundledRoot } : {}),
  };
  let exitCode: number = EXIT.ok;
  const program = createProgram(io, options, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const verbose = argv.includes("--verbose") || Boolean(io.env.DEBUG);
    io.stderr.write(`${describeError(error, verbose)}\n`);
    return exitCodeOf(error);
  }

  return exitCode;
}
