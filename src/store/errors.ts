/** A store that cannot be opened, read or written; the message says what to check. */
export class StoreError extends Error {}
