import { analyse } from "../../analysis.js";
import { dayOf } from "../../recency.js";
import type { ArticleMeta, Passage } from "../../types.js";
import { isFingerprintStale, type CorpusFingerprint } from "../fingerprint.js";
import type { IndexInfo, IndexView, LexicalOptions, RankedPassage, SearchScope } from "../store.js";
import type { Db } from "./db.js";
import type { GenerationTables, LexicalRanking, PgNames } from "./schema.js";

/** A row of the generations table, with the names of its tables (not a column: they follow from its id). */
export interface GenerationRow {
  id: string;
  revision: number;
  built_at: string;
  embedder_id: string;
  dimension: number;
  splitter: { passageTokens: number; overlapTokens: number; version: number };
  lexical: LexicalRanking;
  articles: number;
  passages: number;
  files: [string, number, number][];
  /** Passages may wait for their vector (lexical-first builds); older generations have every one. */
  embed_queue: boolean;
  tables: GenerationTables;
}

/** A generation row as the database returns it, with its tables named. */
export const located = (row: Omit<GenerationRow, "tables">, names: PgNames): GenerationRow => ({ ...row, tables: names.tables(row.id) });

/** Passages of a generation still without a vector (a partial index keeps this cheap). */
export async function pendingOf(db: Pick<Db, "query">, row: Pick<GenerationRow, "tables" | "embed_queue">): Promise<number> {
  if (!row.embed_queue) return 0;
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${row.tables.passages} WHERE embedding IS NULL`);
  return Number(rows[0]!.n);
}

/** pgvector's text form of a vector. */
export const vectorLiteral = (v: ArrayLike<number>) => `[${Array.from(v).join(",")}]`;

// pgvector refuses ef_search above this.
const MAX_EF_SEARCH = 1000;

/**
 * The WHERE clause of a scoped search, with its parameters numbered after `offset`. Dates are
 * stored as YYYY-MM-DD text, so comparisons are on days, as the local store's are.
 */
function scopeSql(scope: SearchScope, offset: number): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${offset + params.length}`;
  };
  if (scope.articleId) clauses.push(`article_id = ${param(scope.articleId)}`);
  // An article published after the question's time cannot be what it asks about.
  if (scope.asOf) clauses.push(`(date IS NULL OR date <= ${param(dayOf(scope.asOf))})`);
  if (scope.dateFrom) clauses.push(`(date IS NOT NULL AND date >= ${param(scope.dateFrom.slice(0, 10))})`);
  if (scope.dateTo) clauses.push(`(date IS NOT NULL AND date <= ${param(scope.dateTo.slice(0, 10))})`);
  return { where: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

interface PassageRow {
  id: string;
  article_id: string;
  title: string;
  body: string;
  start_at: number;
  end_at: number;
}

const toPassage = (r: PassageRow): Passage => ({
  id: r.id,
  articleId: r.article_id,
  title: r.title,
  text: r.body,
  start: r.start_at,
  end: r.end_at,
});

// A passage without its vector yet has no dense score.
type RankedRow = { id: string; article_id: string; date: string | null; score: number | null };

const toRanked = (r: RankedRow): RankedPassage => ({
  id: r.id,
  articleId: r.article_id,
  score: Number(r.score),
  ...(r.date ? { date: r.date } : {}),
});

/**
 * One generation of the Postgres store. Article records and term frequencies are read once into
 * memory (the answerer weighs every word by them); passages, vectors and the lexical index stay
 * in the database and are read per query.
 */
export class PostgresIndexView implements IndexView {
  readonly info: IndexInfo;
  private readonly tables: GenerationTables;
  private readonly byId = new Map<string, ArticleMeta>();
  private readonly df = new Map<string, number>();
  private readonly files: CorpusFingerprint;
  private sortedVocabulary?: string[];

  private constructor(
    private readonly db: Db,
    readonly row: GenerationRow,
    private readonly list: ArticleMeta[],
    terms: { term: string; df: number }[],
    pending: number,
  ) {
    this.tables = row.tables;
    for (const a of list) this.byId.set(a.id, a);
    for (const t of terms) this.df.set(t.term, Number(t.df));
    this.files = new Map(row.files.map(([file, size, mtimeMs]) => [file, { size, mtimeMs }]));
    this.info = {
      generation: `${row.id}.${row.revision}`,
      articles: row.articles,
      passages: row.passages,
      // Grows while embed workers (or the build) fill in vectors: see refreshEmbedded.
      embedded: row.passages - pending,
      embedder: { id: row.embedder_id, dimension: row.dimension },
      builtAt: row.built_at,
      splitter: { passageTokens: row.splitter.passageTokens, overlapTokens: row.splitter.overlapTokens },
    };
  }

  static async open(db: Db, row: GenerationRow): Promise<PostgresIndexView> {
    const t = row.tables;
    const articles = await db.query<{ meta: ArticleMeta }>(`SELECT meta FROM ${t.articles} ORDER BY ord`);
    const terms = await db.query<{ term: string; df: number }>(`SELECT term, df FROM ${t.terms}`);
    return new PostgresIndexView(
      db,
      row,
      articles.rows.map((r) => r.meta),
      terms.rows,
      await pendingOf(db, row),
    );
  }

  /**
   * The one thing that changes in a held generation: vectors arrive for passages stored without
   * one, and dense search sees them at once. Re-reads how many there are while some still wait.
   */
  async refreshEmbedded(): Promise<void> {
    if (this.info.embedded < this.info.passages) this.noteEmbedded(this.info.passages - (await pendingOf(this.db, this.row)));
  }

  noteEmbedded(embedded: number): void {
    (this.info as { embedded: number }).embedded = embedded;
  }

  get frequencies() {
    const df = this.df;
    const view = this;
    return {
      size: this.row.passages,
      documentFrequency: (term: string) => df.get(term) ?? 0,
      vocabulary() {
        view.sortedVocabulary ??= [...df.keys()].filter((t) => (df.get(t) ?? 0) > 0).sort();
        return view.sortedVocabulary;
      },
    };
  }

  articles(): ArticleMeta[] {
    return this.list;
  }

  article(id: string): ArticleMeta | undefined {
    return this.byId.get(id);
  }

  async firstPassage(articleId: string): Promise<Passage | undefined> {
    const { rows } = await this.db.query<PassageRow>(
      `SELECT id, article_id, title, body, start_at, end_at FROM ${this.tables.passages} WHERE article_id = $1 ORDER BY ord LIMIT 1`,
      [articleId],
    );
    return rows[0] && toPassage(rows[0]);
  }

  async passages(ids: string[]): Promise<Passage[]> {
    if (!ids.length) return [];
    const { rows } = await this.db.query<PassageRow>(
      `SELECT id, article_id, title, body, start_at, end_at FROM ${this.tables.passages} WHERE id = ANY($1::text[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, toPassage(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Nearest passages by cosine similarity: `$v` the vector, `$limit` the count. */
  private denseSql(v: string, limit: string, where: string): string {
    // Passages still waiting for their vector are not in the HNSW index, and an exact scan sorts
    // them last with no score: they are dropped from the rows. (No `IS NOT NULL` here: planned on
    // statistics from before the embedding, it made the planner expect no row and scan them all.)
    return `SELECT id, article_id, date, 1 - (embedding <=> ${v}::vector) AS score FROM ${this.tables.passages} ${where}
      ORDER BY embedding <=> ${v}::vector LIMIT ${limit}`;
  }

  /** Passages ranked for `$terms` (our own terms, joined as the ranking needs them). */
  private lexicalSql(terms: string, limit: string, where: string): string {
    if (this.row.lexical === "bm25") {
      const score = `searchable <@> to_bm25query(${terms}, '${this.tables.bm25}')`;
      return `SELECT id, article_id, date, -(${score}) AS score FROM ${this.tables.passages} ${where} ORDER BY ${score} LIMIT ${limit}`;
    }
    const matching = where ? `${where} AND tsv @@ q` : "WHERE tsv @@ q";
    return `SELECT id, article_id, date, ts_rank_cd(tsv, q) AS score FROM ${this.tables.passages}, to_tsquery('simple', ${terms}) q
      ${matching} ORDER BY score DESC, id LIMIT ${limit}`;
  }

  /**
   * Our own terms of a query, as the passages were indexed, joined for the ranking in use.
   * Letters and digits only, so nothing of the question reaches the query syntax.
   */
  private termsOf(query: string): string | undefined {
    const words = analyse(query).slice(0, 64);
    if (!words.length) return undefined;
    return words.join(this.row.lexical === "bm25" ? " " : " | ");
  }

  /** Runs `sql` with the HNSW settings of this search, local to it. */
  private withEf<T>(efSearch: number, limit: number, scoped: boolean, run: (db: Db) => Promise<T>): Promise<T> {
    return this.db.scoped(async (db) => {
      await db.query(`SET LOCAL hnsw.ef_search = ${Math.min(MAX_EF_SEARCH, Math.max(efSearch, limit))}`);
      // A scoped search filters after the graph walk; iterative scans keep walking until enough pass.
      if (scoped) await db.query("SET LOCAL hnsw.iterative_scan = relaxed_order");
      return run(db);
    });
  }

  async dense(vector: number[], limit: number, scope: SearchScope, efSearch: number): Promise<RankedPassage[]> {
    const { where, params } = scopeSql(scope, 2);
    return this.withEf(efSearch, limit, !!where, async (db) => {
      const { rows } = await db.query<RankedRow>(this.denseSql("$1", "$2", where), [vectorLiteral(vector), limit, ...params]);
      return rows
        .filter((r) => r.score !== null)
        .map(toRanked)
        .sort((a, b) => b.score - a.score);
    });
  }

  async lexical(query: string, limit: number, scope: SearchScope, _options: LexicalOptions): Promise<RankedPassage[]> {
    const terms = this.termsOf(query);
    if (!terms) return [];
    const { where, params } = scopeSql(scope, 2);
    const { rows } = await this.db.query<RankedRow>(this.lexicalSql("$1", "$2", where), [terms, limit, ...params]);
    return rows.map(toRanked).filter((r) => r.score > 0);
  }

  /** Both rankings in one statement: one round trip to the database per search. */
  async hybrid(
    vector: number[],
    query: string,
    limit: number,
    scope: SearchScope,
    efSearch: number,
  ): Promise<{ dense: RankedPassage[]; lexical: RankedPassage[] }> {
    const terms = this.termsOf(query);
    const { where, params } = scopeSql(scope, 3);
    const sql = terms
      ? `WITH d AS (${this.denseSql("$1", "$2", where)}), l AS (${this.lexicalSql("$3", "$2", where)})
         SELECT 'd' AS kind, * FROM d UNION ALL SELECT 'l' AS kind, * FROM l`
      : `SELECT 'd' AS kind, * FROM (${this.denseSql("$1", "$2", where)}) d`;
    return this.withEf(efSearch, limit, !!where, async (db) => {
      const { rows } = await db.query<RankedRow & { kind: "d" | "l" }>(sql, [vectorLiteral(vector), limit, terms ?? "", ...params]);
      return {
        dense: rows
          .filter((r) => r.kind === "d" && r.score !== null)
          .map(toRanked)
          .sort((a, b) => b.score - a.score),
        lexical: rows
          .filter((r) => r.kind === "l")
          .map(toRanked)
          .filter((r) => r.score > 0)
          .sort((a, b) => b.score - a.score),
      };
    });
  }

  isStale(current: CorpusFingerprint): boolean {
    return isFingerprintStale(this.files, current);
  }
}
