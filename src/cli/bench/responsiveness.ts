import { cp, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { CoreConfig } from "../../config/index.js";
import { createRag, silentLogger } from "../../rag/index.js";

/** Files that once stalled the bot for seconds to minutes when a moderator added them. */
function hostileUploads(): { name: string; fileName: string; content: string }[] {
  const nested = (depth: number) =>
    `<html><head><meta property="og:title" content="Deep ${depth}"></head><body>${"<div>".repeat(depth)}<p>Text.</p>${"</div>".repeat(depth)}</body></html>`;
  const block = `${"<div>".repeat(30)}<p>Paragraph about the quay and its cranes, and the ships.</p>${"</div>".repeat(30)}`;
  let paragraph = "";
  while (paragraph.length < 396_000) paragraph += "The ferry ran late again on the river crossing. ";
  return [
    { name: "HTML nested 1,250 deep (14 KB)", fileName: "deep.html", content: nested(1250) },
    { name: "HTML nested 20,000 deep", fileName: "deeper.html", content: nested(20_000) },
    { name: "one-paragraph text (396 KB)", fileName: "long.txt", content: `River Ferry\n${paragraph}` },
    {
      name: "wide HTML page (1.4 MB, 30 deep)",
      fileName: "wide.html",
      content: `<html><head><meta property="og:title" content="Quay Cranes"></head><body>${block.repeat(3000)}</body></html>`,
    },
    { name: "front matter in JavaScript", fileName: "code.md", content: "---js\n{ title: 'x' }\n---\nBody." },
  ];
}

export interface ResponsivenessRow {
  upload: string;
  outcome: string;
  addSeconds: number;
  /** The longest the main thread was busy: what a Discord acknowledgement would wait for at worst. */
  maxEventLoopStallMs: number;
  asksDuring: number;
  askMaxMs: number;
}

/**
 * Adds each hostile file the way /add-article does (rag.addArticle) on a copy of the bundled
 * corpus, asking a question every 100 ms meanwhile, and records how long the event loop stalled.
 */
export async function measureResponsiveness(base: CoreConfig, work: string, bundledCorpus: string): Promise<ResponsivenessRow[]> {
  const rows: ResponsivenessRow[] = [];
  for (const upload of hostileUploads()) {
    const dir = join(work, upload.fileName.replace(/\W/g, "-"));
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await cp(bundledCorpus, join(dir, "corpus"), { recursive: true });
    const config: CoreConfig = {
      ...base,
      corpus: { ...base.corpus, dir: join(dir, "corpus") },
      index: { ...base.index, dir: join(dir, "index") },
    };
    const rag = await createRag(config, { log: silentLogger, llm: null });
    await rag.ensureIndex();
    await rag.ask("Who is John Kirby?");

    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const started = performance.now();
    let done = false;
    const adding = rag
      .addArticle({ fileName: upload.fileName, content: new TextEncoder().encode(upload.content) }, { maxBytes: 5 * 1024 * 1024 })
      .then(
        (r) => `added (${r.report.passages} passages in all)`,
        (e: Error) => `rejected: ${e.message}`,
      )
      .finally(() => (done = true));
    const askTimes: number[] = [];
    while (!done) {
      const t = performance.now();
      await rag.ask("Who is the US National Security spokesperson quoted about the arms sales?");
      askTimes.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    const outcome = await adding;
    stalls.disable();
    rows.push({
      upload: upload.name,
      outcome,
      addSeconds: (performance.now() - started) / 1000,
      maxEventLoopStallMs: stalls.max / 1e6,
      asksDuring: askTimes.length,
      askMaxMs: Math.max(0, ...askTimes),
    });
  }
  return rows;
}
