import { SOURCE_KINDS, type SourceKind } from "../rag/index.js";
import { parseSourcesArgs, UsageError } from "./args.js";
import { loadCliConfig, openRag, runCommand } from "./common.js";
import { formatSourceList } from "./format-sources.js";
import { forStdout, toJsonLine } from "./terminal.js";

const USAGE = `usage: npm run sources -- [--corpus DIR] [--index DIR] add URL [--kind ${SOURCE_KINDS.join("|")}] [--every MINUTES] [--remove-gone] [--prefix PATH] [--depth N] [--max-pages N]
       npm run sources -- list [--json]
       npm run sources -- remove URL`;

// The sources kept in sync (sources.yaml in the corpus folder), edited from the command line.
runCommand("sources", async (argv) => {
  const args = parseSourcesArgs(argv);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  if (args.kind !== undefined && !(SOURCE_KINDS as readonly string[]).includes(args.kind)) {
    throw new UsageError(`--kind must be ${SOURCE_KINDS.join(", ")}, got "${args.kind}"`);
  }
  const { rag } = await openRag(loadCliConfig(args), { verbose: args.verbose });
  if (args.action === "list") {
    const list = await rag.sources.list();
    if (args.json) process.stdout.write(`${toJsonLine(list)}\n`);
    else process.stdout.write(`${forStdout(formatSourceList(list))}\n`);
    return;
  }
  if (args.action === "remove") {
    const removed = await rag.sources.remove(args.url!);
    process.stdout.write(
      `${forStdout(`Removed the source ${removed.url}. Its articles stay in the corpus (remove them one by one if they should go).`)}\n`,
    );
    return;
  }
  const { source, detected } = await rag.sources.add({
    url: args.url!,
    kind: args.kind as SourceKind | undefined,
    every: args.every,
    removeGone: args.removeGone || undefined,
    prefix: args.prefix,
    depth: args.depth,
    maxPages: args.maxPages,
    addedBy: "command line",
  });
  process.stdout.write(`${forStdout(`Added the source ${source.url}: ${detected.summary}. npm run sync fetches its articles.`)}\n`);
});
