/** Discord's message and embed limits (characters). Every message newsbrief sends stays inside them. */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  fields: 25,
  embedTotal: 6000,
  embedsPerMessage: 10,
  threadName: 100,
} as const;
