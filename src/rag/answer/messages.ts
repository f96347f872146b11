/** What users read when the articles do not support an answer. */
export const NOT_COVERED = "The articles do not cover this question.";
/** What leads an answer that shows two sides. */
export const SOURCES_DIFFER = "The sources differ on this.";
