import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../../src/cli/bench/make-pdf.js";
import { copyBundledCorpus, makeTempDir, writeFiles } from "../support/corpus.js";
import { runCli } from "../support/run-cli.js";
import { articlePage, filler, TestSite, urlset } from "../support/test-site.js";

const root = join(import.meta.dirname, "../..");
const site = new TestSite();
const STORIES = 24;
const env = { EMBEDDINGS: "use-lite", FETCH_ALLOW_HOSTS: "127.0.0.1", FETCH_DELAY_MS: "0" };

beforeAll(async () => {
  await site.start();
  for (let i = 0; i < STORIES; i++) {
    const body = articlePage({
      title: `Harbour log ${i}`,
      paragraphs: [`Harbour log ${i}: ${i + 3} ships docked at the Arden quay.`, ...filler(`harbour log ${i}`)],
    });
    // Slow enough that a kill lands part-way through a sync.
    site.set({ [`/log/${i}`]: (_req, res) => setTimeout(() => res.writeHead(200, { "content-type": "text/html" }).end(body), 60) });
  }
  site.set({
    "/log-sitemap.xml": {
      body: urlset(
        Array.from({ length: STORIES }, (_, i) => ({ loc: `${site.url}/log/${i}`, lastmod: `2025-03-${String(i + 1).padStart(2, "0")}` })),
      ),
      type: "application/xml",
    },
    "/report.pdf": {
      body: makePdf({
        pages: [["Quay report", "The quay handled 1,204 ships in 2024, a record for the harbour."]],
        info: { title: "Quay report 2024" },
      }),
      type: "application/pdf",
    },
    "/news/quay": {
      body: articlePage({
        title: "Quay reopens",
        paragraphs: ["The Arden quay reopened on Tuesday after dredging.", ...filler("the quay")],
      }),
      type: "text/html",
    },
  });
});
afterAll(() => site.stop());

/** Starts `npm run sync` and SIGKILLs it once the site has served `after` article pages. */
async function syncKilledPartWay(args: string[], after: number): Promise<void> {
  const child = spawn(process.execPath, [join(root, "bin/run.mjs"), "sync", ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", ...env },
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  const served = () => site.requests.filter((r) => r.path.startsWith("/log/") && r.status === 200).length;
  while (served() < after) {
    if (child.exitCode !== null) throw new Error("the sync ended before it could be killed");
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
}

describe("the sources commands", () => {
  it("GIVEN npm run add with a URL, a PDF link and a local file THEN each is added and said what it is", async () => {
    const corpus = copyBundledCorpus();
    const index = join(makeTempDir(), "index");
    const local = join(makeTempDir(), "minutes.md");
    writeFiles(join(local, ".."), {
      "minutes.md": "---\ntitle: Harbour board minutes\n---\n\nThe harbour board met on Monday and approved the dredging plan.\n",
    });
    const run = await runCli(
      "add.ts",
      ["--corpus", corpus, "--index", index, `${site.url}/news/quay`, `${site.url}/report.pdf`, local, `${site.url}/missing`],
      env,
    );
    expect(run.stdout).toContain('Added: "Quay reopens" (127.0.0.1');
    expect(run.stdout).toMatch(/words from HTML .* at http:\/\/127\.0\.0\.1:\d+\/news\/quay/);
    expect(run.stdout).toContain('Added: "Quay report 2024"');
    expect(run.stdout).toContain('Added: "Harbour board minutes"');
    expect(run.stderr).toMatch(/not added: http:\/\/127\.0\.0\.1:\d+\/missing: .*answered HTTP 404/);
    expect(run.code).toBe(1);
    const ask = await runCli(
      "ask.ts",
      ["--corpus", corpus, "--index", index, "--json", "How many ships did the quay handle in 2024?"],
      env,
    );
    expect(JSON.parse(ask.stdout).citations[0].title).toBe("Quay report 2024");
  }, 120_000);

  it("GIVEN npm run sync killed part-way THEN the corpus holds whole files only, and the next sync fetches none of them again", async () => {
    const corpus = copyBundledCorpus();
    const index = join(makeTempDir(), "index");
    const args = ["--corpus", corpus, "--index", index];
    const added = await runCli("sources.ts", [...args, "add", `${site.url}/log-sitemap.xml`], env);
    expect(added.stdout).toMatch(/Added the source .*log-sitemap\.xml: sitemap of 24 URLs/);
    await syncKilledPartWay(args, 8);

    const stored = readdirSync(join(corpus, "web/127-0-0-1"));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(STORIES);
    // Written whole or not at all: no temporary files left in sight of the loader, every file complete.
    for (const file of stored)
      expect(readFileSync(join(corpus, "web/127-0-0-1", file), "utf8")).toMatch(/^---\n[\s\S]*ships docked at the Arden quay\.[\s\S]*\n$/);
    const hitsBefore = new Map(stored.map((f) => [f, site.hits(`/log/${f.replace(/^log-|\.md$/g, "")}`).length]));

    const resumed = await runCli("sync.ts", args, env);
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      new RegExp(
        `sitemap http://127\\.0\\.0\\.1:\\d+/log-sitemap\\.xml: ${STORIES - stored.length} new, 0 updated, ${stored.length} unchanged, 0 failed`,
      ),
    );
    for (const [file, hits] of hitsBefore) expect(site.hits(`/log/${file.replace(/^log-|\.md$/g, "")}`).length, file).toBe(hits);
    expect(readdirSync(join(corpus, "web/127-0-0-1"))).toHaveLength(STORIES);

    // Killed after a file was written and before its journal line: the state does not know it,
    // the file says where it came from. The next sync takes it as stored, without fetching it.
    const stateFile = join(corpus, ".footnote/sync.json");
    const state = JSON.parse(readFileSync(stateFile, "utf8"));
    const [lostUrl] = Object.keys(state.articles).filter((u) => u.includes("/log/"));
    delete state.articles[lostUrl!];
    // …and before the listing's own record was saved: the listing is read whole again.
    state.sources = {};
    writeFileSync(stateFile, JSON.stringify(state));
    const lostHits = site.hits(new URL(lostUrl!).pathname).length;
    const again = await runCli("sync.ts", args, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`log-sitemap\\.xml: 0 new, 0 updated, ${STORIES} unchanged, 0 failed`));
    expect(site.hits(new URL(lostUrl!).pathname)).toHaveLength(lostHits);

    const listed = await runCli("articles.ts", [...args, "--json", "Harbour", "log"], env);
    expect(JSON.parse(listed.stdout)).toHaveLength(STORIES);

    const list = await runCli("sources.ts", [...args, "list"], env);
    expect(list.stdout).toMatch(/sitemap .*log-sitemap\.xml \(on the default interval\): last synced .*: 1\d? new|sitemap .*: last synced/);
    const removed = await runCli("sources.ts", [...args, "remove", `${site.url}/log-sitemap.xml`], env);
    expect(removed.stdout).toContain("Its articles stay in the corpus");
    expect((await runCli("sources.ts", [...args, "list"], env)).stdout).toContain("No sources yet");
  }, 180_000);
});
