import { parseArticlesArgs } from "./args.js";
import { loadCliConfig, openRag, runCommand } from "./common.js";
import { formatArticleList } from "./format.js";
import { createProgressReporter } from "./progress.js";
import { forStdout, toJsonLine } from "./terminal.js";

const USAGE = "usage: npm run articles -- [--corpus DIR] [--index DIR] [--json] [words in the id or title]";

// The indexed articles, newest first: the ids that `ask --article` and `/ask article:` take.
runCommand("articles", async (argv) => {
  const args = parseArticlesArgs(argv);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const { rag } = await openRag(loadCliConfig(args), { verbose: args.verbose });
  const progress = createProgressReporter();
  await rag.ensureIndex({ update: true, onProgress: progress.onProgress }).finally(progress.stop);
  const words = args.filter?.toLowerCase().split(/\s+/) ?? [];
  const articles = rag.listArticles().filter((a) => words.every((w) => `${a.id} ${a.title}`.toLowerCase().includes(w)));
  if (args.json) {
    process.stdout.write(
      `${toJsonLine(articles.map(({ id, title, date, source, author, url, file }) => ({ id, title, date, source, author, url, file })))}\n`,
    );
  } else process.stdout.write(`${forStdout(formatArticleList(articles, rag.listArticles().length))}\n`);
});
