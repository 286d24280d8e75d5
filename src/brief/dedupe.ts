// Placeholder until step 8.
import type { Brief } from './types.ts';
export interface StoryIndex { size: number }
export function createStoryIndex(): StoryIndex { return { size: 0 }; }
export function mergeBriefs(a: Brief, _b: Brief): Brief { return a; }
