import { createParserPool, DEFAULT_PARSER_OPTIONS } from "../src/rag/corpus/parser-pool.js";
const t = performance.now();
const pool = createParserPool({ ...DEFAULT_PARSER_OPTIONS, threads: 1 });
await pool(new TextEncoder().encode("---\ntitle: x\n---\nhello"), "a.md");
console.log("first parse ms", performance.now() - t);
await pool.close();
