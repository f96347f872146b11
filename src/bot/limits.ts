/** Discord's limits (API documentation); a payload over any of them is rejected, so we never send one. */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedTotal: 6000,
  embedsPerMessage: 10,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandDescription: 100,
  threadName: 100,
} as const;

/** Editing a message while an LLM writes: about once a second keeps within Discord's rate limits. */
export const STREAM_EDIT_INTERVAL_MS = 1000;
