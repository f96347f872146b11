import { RagError } from "../../errors.js";
import type { Embedder } from "../../embeddings/index.js";
import { EXACT_SEARCH_MAX_PASSAGES } from "./exact-vectors.js";
import { buildIndex } from "./indexer.js";
import { readCurrent } from "./layout.js";
import { LEXICAL_VERSION } from "./lexical.js";
import { LocalIndexView } from "./view.js";
import { loadSnapshot, readLiveManifest, type IndexSnapshot } from "./snapshot.js";
import type { IndexStore, IndexView, StoreBuildOptions } from "../store.js";

/**
 * The local store: each build a folder of files under `indexDir` (passages, vectors, BM25, an HNSW
 * graph when the build is large, manifest with checksums), made live by renaming `CURRENT`, and held in memory while served.
 */
export function createLocalStore(indexDir: string, lockWaitMs: number, options: { exactMaxPassages?: number } = {}): IndexStore {
  const exactMaxPassages = options.exactMaxPassages ?? EXACT_SEARCH_MAX_PASSAGES;
  // The live build's manifest, read once for its embedder and kept for the first load:
  // at 100k articles it is 20 MB of JSON.
  let peeked: Awaited<ReturnType<typeof readLiveManifest>> | undefined;
  // One view per loaded build, so a build checked before going live is prepared only once.
  const views = new WeakMap<IndexSnapshot, LocalIndexView>();
  const viewOf = (snapshot: IndexSnapshot) => {
    let view = views.get(snapshot);
    if (!view) {
      view = new LocalIndexView(snapshot);
      views.set(snapshot, view);
    }
    return view;
  };

  return {
    kind: "local",
    async liveEmbedder() {
      peeked ??= await readLiveManifest(indexDir).catch(() => undefined);
      return peeked?.manifest.embedder.id;
    },

    async open(embedder: Embedder, current?: IndexView) {
      const first = peeked;
      peeked = undefined;
      const { name, manifest } = first && (await readCurrent(indexDir)) === first.name ? first : await readLiveManifest(indexDir);
      if (manifest.embedder.id !== embedder.id) {
        throw new RagError("INDEX_CORRUPT", `The index was built with ${manifest.embedder.id}, but the embedder now is ${embedder.id}`);
      }
      if (manifest.lexicalVersion !== LEXICAL_VERSION) {
        throw new RagError(
          "INDEX_OUTDATED",
          `Index build ${name} has an older BM25 format (${manifest.lexicalVersion}, now ${LEXICAL_VERSION})`,
        );
      }
      if (current?.info.generation === name) return current;
      return viewOf(await loadSnapshot(indexDir, name, manifest, embedder.embeddings, exactMaxPassages));
    },

    async build(options: StoreBuildOptions) {
      let built: IndexSnapshot | undefined;
      const { verify, onLive, ...rest } = options;
      const report = await buildIndex({
        ...rest,
        indexDir,
        lockWaitMs,
        exactMaxPassages,
        verify: verify && ((snapshot) => verify(viewOf(snapshot))),
        onSnapshot: (snapshot) => {
          built = snapshot;
          onLive?.(viewOf(snapshot));
        },
      });
      return { report, view: built && viewOf(built) };
    },
  };
}
