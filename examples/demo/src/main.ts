import { runDemo } from "./run-demo.js";

try {
  const { report } = await runDemo();
  process.stdout.write(`${report}\n`);
} catch (error) {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
