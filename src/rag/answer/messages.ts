/** What users read when the articles do not support an answer. */
export const NOT_COVERED = "The articles do not cover this question.";
/** What users read when passages bear on the question but do not state an answer; the closest follow. */
export const NOT_STATED = "The articles do not state an answer to this. These passages come closest:";
/** What leads an answer that shows two sides. */
export const SOURCES_DIFFER = "The sources differ on this.";
/** What users read when a follow-up's "it" or "she" stands for nothing the conversation names. */
export const FOLLOW_UP_UNRESOLVED = "I could not tell what this question refers to. Please ask it in full, naming who or what it is about.";
/** What users read when a question is not in English. */
export const onlyEnglish = (language: string) =>
  `Only questions in English are supported for now (this one looks like ${language}). Please ask it in English.`;
