// What the attribution tests read from a few paragraphs in one language: each quotation's
// speaker, or its speaker and role.
import { buildDoc, extractQuotes } from '../../src/brief/extract.ts';

export const speakersOf = (lang: string, paragraphs: string[]): (string | null)[] => extractQuotes(buildDoc(paragraphs, lang)).map((q) => q.speaker);

export const attributionsOf = (lang: string, paragraphs: string[]): { speaker: string | null; role: string | undefined }[] =>
  extractQuotes(buildDoc(paragraphs, lang)).map((q) => ({ speaker: q.speaker, role: q.role }));
