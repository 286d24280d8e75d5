import { redactUrls } from '../util/redact-url.ts';
import type { CycleReport } from './cycle.ts';

/** One human line summing up a cycle, for stderr and logs (feed URLs with credentials redacted). */
export function describeCycle(r: CycleReport): string {
  const parts = [`${r.ok.length + r.notModified.length} feeds ok${r.notModified.length ? ` (${r.notModified.length} unchanged)` : ''}`];
  if (r.failed.length) parts.push(`${r.failed.length} failed (${r.failed.map((f) => `${f.name}: ${f.error}`).join('; ')})`);
  parts.push(`${r.newItems} new items`, `${r.newBriefIds.length} new briefs`);
  if (r.merged) parts.push(`${r.merged} merged into stories already briefed`);
  if (r.updatedBriefIds.length) parts.push(`${r.updatedBriefIds.length} updated`);
  if (r.skipped.length) parts.push(`${r.skipped.length} skipped`);
  return redactUrls(`cycle done in ${(r.durationMs / 1000).toFixed(1)}s: ${parts.join(', ')}`);
}
