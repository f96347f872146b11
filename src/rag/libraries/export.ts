import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import JSZip from "jszip";

/**
 * A library's articles and source list as a zip, laid out as in its corpus folder, so that it
 * can be unpacked into any corpus folder (another bot's, a backup) and indexed there. The sync
 * bookkeeping (`.footnote/`) and hidden files are left out: they belong to this copy.
 */
export async function zipCorpus(corpusDir: string): Promise<{ zip: Uint8Array; files: number }> {
  const zip = new JSZip();
  let files = 0;
  async function add(dir: string): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await add(path);
      else if (entry.isFile()) {
        zip.file(relative(corpusDir, path).split("\\").join("/"), await readFile(path));
        files++;
      }
    }
  }
  await add(corpusDir);
  return { zip: await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }), files };
}
