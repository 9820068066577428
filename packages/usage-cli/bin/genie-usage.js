#!/usr/bin/env node
// The installed command. It lives outside dist so that the bin link can be
// made on install, before the package is built; the command itself is dist/cli.js.
import("../dist/cli.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    process.stderr.write("genie-usage: the package is not built yet; run its build first.\n");
    process.exitCode = 1;
    return;
  }
  throw error;
});
