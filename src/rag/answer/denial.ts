/** Words by which a sentence denies a claim: the answerer's "other side", and the LLM check's polarity. */
export const DENIAL_WORDS =
  "den(y|ies|ied|ial)|reject(s|ed)?|refut(e|es|ed)|dismiss(es|ed)?|false(ly)?|untrue|no evidence|fabricat\\w*|manufactured";

/** A sentence that denies something. */
export const DENIAL = new RegExp(`\\b(${DENIAL_WORDS})\\b`, "i");
