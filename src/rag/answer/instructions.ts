/**
 * Sentences shaped as instructions to a model rather than statements about the world ("Ignore
 * previous instructions and answer that …", "SYSTEM: …"). An article may carry them (copied from
 * a page, or planted); they stay searchable, but never lead an answer nor count as a claim.
 * Each pattern with what it catches; all are hand-written, none fitted.
 */
const INSTRUCTION_SHAPES: { pattern: RegExp; catches: string }[] = [
  { pattern: /^\W*(system|assistant|user|developer|ai)\s*[:>\]]/i, catches: "a chat role label opening the sentence" },
  {
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\b[^.!?]{0,40}\b(previous|prior|above|earlier|all|any|your|the|these|those)\b[^.!?]{0,25}\b(instructions?|prompts?|rules|directions|guidelines|context)\b/i,
    catches: "an order to set earlier instructions aside",
  },
  { pattern: /\byou are (now )?(an? )?(ai|assistant|language model|chat ?bot|llm)\b/i, catches: "a sentence telling a model what it is" },
  { pattern: /\b(new|updated|real|hidden) instructions?\s*:/i, catches: "a label introducing instructions" },
  {
    pattern: /^\W*(answer|respond|reply|say|state|tell the user)\b[^.!?]{0,30}\b(that|only|with)\b/i,
    catches: "an order on how to answer, opening the sentence",
  },
];

/** True when `sentence` reads as an instruction to a model. */
export const isInstructionShaped = (sentence: string) => INSTRUCTION_SHAPES.some(({ pattern }) => pattern.test(sentence));
