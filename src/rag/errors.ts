/** Stable codes so front ends can choose what to tell users without parsing messages. */
export type RagErrorCode =
  | "NO_ARTICLES"
  | "INDEX_MISSING"
  | "INDEX_CORRUPT"
  | "INDEX_OUTDATED"
  | "INDEX_LOCKED"
  | "INDEX_WRITE_FAILED"
  | "REINDEX_IN_PROGRESS"
  | "SYNC_IN_PROGRESS"
  | "EMBEDDINGS_UNAVAILABLE"
  | "LLM_UNAVAILABLE"
  | "CORPUS_UNREADABLE"
  | "STORE_UNAVAILABLE"
  | "INVALID_INPUT";

/** The one error class of the core. Messages are for people; codes are for code. */
export class RagError extends Error {
  constructor(
    readonly code: RagErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RagError";
  }
}

/** True for errors the core raised on purpose (shown to users), false for bugs (logged). */
export function isRagError(error: unknown): error is RagError {
  return error instanceof RagError;
}
