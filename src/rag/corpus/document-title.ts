import { basename, extname } from "node:path";

/** A title from a file's name ("annual-report_2024.pdf" → "annual report 2024"), for documents that carry none. */
export function titleFromFileName(file: string): string {
  const name = basename(file, extname(file)).replace(/[-_]+/g, " ").trim();
  return name || "Untitled document";
}
