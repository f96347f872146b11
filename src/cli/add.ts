import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { parseAddArgs } from "./args.js";
import { loadCliConfig, openRag, runCommand } from "./common.js";
import { formatIndexReport } from "./format.js";
import { formatAddedUrl } from "./format-sources.js";
import { forStdout, forTerminal } from "./terminal.js";

const USAGE = "usage: npm run add -- [--corpus DIR] [--index DIR] URL-or-FILE…";

const isUrl = (item: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(item);

// Adds web pages, PDFs and Word documents by URL, and article files from disk, each indexed at once.
runCommand("add", async (argv) => {
  const args = parseAddArgs(argv);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const config = loadCliConfig(args);
  const { rag } = await openRag(config, { verbose: args.verbose });
  await rag.ensureIndex({ update: true });
  for (const item of args.items) {
    try {
      if (isUrl(item)) {
        process.stdout.write(`${forStdout(formatAddedUrl(await rag.addUrl(item)))}\n`);
        continue;
      }
      const size = (await stat(item)).size;
      const maxBytes = Math.max(config.corpus.maxArticleBytes, config.corpus.maxDocumentBytes);
      if (size > maxBytes) throw new Error(`the file is ${size} bytes; the limit is ${maxBytes}`);
      const added = await rag.addArticle({ fileName: basename(item), content: await readFile(item) }, { maxBytes });
      const titles = added.articles.map((a) => `"${a.title}"`).join(", ");
      process.stdout.write(`${forStdout(`Added: ${titles}\n  stored as ${added.file}\n${formatIndexReport(added.report)}`)}\n`);
    } catch (error) {
      // One bad item does not stop the others; the exit code says something failed.
      process.stderr.write(`not added: ${forTerminal(item)}: ${forTerminal((error as Error).message)}\n`);
      process.exitCode = 1;
    }
  }
});
