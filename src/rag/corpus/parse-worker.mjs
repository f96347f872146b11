// A worker thread that parses article files, so a pathological file (Readability is superlinear
// in nesting depth) never blocks the thread that answers users. Plain JavaScript: it loads the
// parsers itself, through tsx when they are TypeScript sources (development and tests).
import { parentPort, workerData } from "node:worker_threads";

if (workerData.parserModule.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
const { parseArticleBytes, parseListingBytes, preloadParsers } = await import(workerData.parserModule);
// Before "ready": a file's time limit starts when it is sent, and must count its parsing alone.
await preloadParsers();

// A message is an article file to parse, or a listing (a feed, a sitemap, a page's links) to read.
parentPort.on("message", async ({ bytes, file, listing }) => {
  const result = listing ? await parseListingBytes(bytes, listing) : await parseArticleBytes(bytes, file);
  parentPort.postMessage({ result });
  // Both never reject: a parser's failure is a skipped file (or an unreadable listing) with its reason.
});
parentPort.postMessage({ ready: true });
