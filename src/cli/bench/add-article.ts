import { rmSync } from "node:fs";
import { join } from "node:path";
import type { CoreConfig } from "../../config/index.js";
import { createRag, type Embedder } from "../../rag/index.js";
import { markdownTable } from "../markdown.js";
import { createSyntheticEmbedder, writeScaledCorpus } from "./synthetic.js";

export interface AddArticleRow {
  passages: number;
  /** Seconds from the upload's bytes to the reindex done, for each of three uploads in a row. */
  addSeconds: number[];
  /** Seconds from the upload until a question about it is answered from it. */
  answeredSeconds: number[];
}

const BODY = (i: number) =>
  `---\ntitle: Lighthouse Keeper Retires ${i}\n---\n\nThe island lighthouse keeper number ${i} served forty years before retiring in spring.\n`;

/**
 * /add-article's core path on an index of about `target` passages (synthetic vectors around real
 * ones, as the scale bench builds them): three uploads in a row, each timed until added and until
 * a question about it is answered from it. The bot adds only Discord's round trips to this.
 */
export async function measureAddArticle(options: {
  base: CoreConfig;
  work: string;
  abstracts: { _id: string; title: string; text: string }[];
  perAbstract: number;
  target: number;
  real: Embedder;
  bases: Float32Array[];
}): Promise<AddArticleRow> {
  const dir = join(options.work, `add-article-${options.target}`);
  rmSync(dir, { recursive: true, force: true });
  await writeScaledCorpus(join(dir, "corpus"), options.abstracts, Math.ceil(options.target / options.perAbstract));
  const config: CoreConfig = {
    ...options.base,
    log: { ...options.base.log, level: "silent" },
    corpus: { ...options.base.corpus, dir: join(dir, "corpus") },
    index: { ...options.base.index, store: "local", dir: join(dir, "index") },
  };
  const rag = await createRag(config, { embedder: createSyntheticEmbedder(options.real, options.bases), llm: null });
  await rag.reindex({ full: true });
  await rag.ask("warm-up question about rivers");
  const row: AddArticleRow = { passages: rag.stats()!.passages, addSeconds: [], answeredSeconds: [] };
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await rag.addArticle({ fileName: `keeper-${i}.md`, content: new TextEncoder().encode(BODY(i)) }, { maxBytes: 1_000_000 });
    row.addSeconds.push((performance.now() - started) / 1000);
    const answer = await rag.ask(`How long did the island lighthouse keeper number ${i} serve?`);
    if (answer.refused || !answer.citations.some((c) => c.title.endsWith(`Retires ${i}`))) {
      throw new Error(`the added article ${i} was not answered from`);
    }
    row.answeredSeconds.push((performance.now() - started) / 1000);
  }
  return row;
}

export function formatAddArticle(row: AddArticleRow): string[] {
  const f = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" / ");
  return markdownTable(
    ["index passages", "added s (3 uploads)", "answered from it s", "goal s"],
    [[row.passages, f(row.addSeconds), f(row.answeredSeconds), 2]],
  );
}
