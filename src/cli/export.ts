import { writeFile } from "node:fs/promises";
import { exportLibrary, formatBytes, isServerId } from "../rag/index.js";
import { UsageError } from "./args.js";
import { loadCliConfig, parseCommandLine, runCommand } from "./common.js";

const USAGE = "usage: npm run export -- [--corpus DIR] [--server ID] [--out FILE.zip]";

// A server's library (or the shared corpus) as a zip of its article files and source list.
runCommand("export", async (argv) => {
  const { values, positionals } = parseCommandLine(argv, { server: { type: "string" }, out: { type: "string" } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.server !== undefined && !isServerId(values.server)) throw new UsageError("--server takes a Discord server id");
  const config = loadCliConfig(values);
  const out = values.out ?? `footnote-${values.server ?? "shared"}-${new Date().toISOString().slice(0, 10)}.zip`;
  const { zip, files } = await exportLibrary(config, values.server);
  if (files === 0) throw new UsageError(values.server ? `server ${values.server} has no articles of its own` : "the corpus is empty");
  // Never over an existing file: an export is a backup, and a backup must not eat another.
  try {
    await writeFile(out, zip, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${out} exists; name another with --out`);
    throw error;
  }
  process.stdout.write(`${out}: ${files} file${files === 1 ? "" : "s"}, ${formatBytes(zip.byteLength)}\n`);
});
