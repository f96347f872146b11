// A worker thread that parses article files, so a pathological file (Readability is superlinear
// in nesting depth) never blocks the thread that answers users. Plain JavaScript: it loads the
// parsers itself, through tsx when they are TypeScript sources (development and tests).
import { parentPort, workerData } from "node:worker_threads";

if (workerData.parserModule.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
const { parseArticleContent } = await import(workerData.parserModule);

parentPort.on("message", ({ id, content, file }) => {
  parentPort.postMessage({ id, parsed: parseArticleContent(content, file) });
});
parentPort.postMessage({ ready: true });
