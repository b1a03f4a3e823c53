/** How much of a client's input an error message may quote. */
export const EXCERPT_LENGTH = 120;

/** A short excerpt of client input for an error message (never the whole of a large value). */
export function excerpt(text: string): string {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}...` : text;
}

/** `JSON.stringify` of a parsed client value, cut to an excerpt. */
export function jsonExcerpt(value: unknown): string {
  return excerpt(JSON.stringify(value) ?? String(value));
}

/** Deepest a request body may nest: ODCS bodies go three levels deep; more is refused before any walk. */
export const MAX_JSON_DEPTH = 32;

/** The nesting depth of a JSON text (arrays and objects), counted without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) max = Math.max(max, ++depth);
    else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return max;
}

const CONTROL = /\p{Cc}/u;
export const CONTROL_CHARACTERS_MESSAGE = 'Control characters are not allowed in ODCS input variables';

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}
