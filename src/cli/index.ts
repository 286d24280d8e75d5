// The command line: parses the arguments and runs the command (one file per command, each loaded
// only when run). bin/newsbrief.js calls `main`.
export { main } from './main.ts';
