import { describe, expect, it } from 'vitest';
import { previewPrinter } from '../../src/app/preview.ts';
import { openTestStore, storedBrief } from '../support/store.ts';

const at = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

describe('preview printer', () => {
  it('prints each stored brief once and keeps printed records only for briefs the cursor has not passed', async () => {
    const store = await openTestStore();
    try {
      const out: string[] = [];
      const printer = await previewPrinter(store, (b) => out.push(b.id));
      const first = [storedBrief('a1', {}, at(1)), storedBrief('a2', {}, at(2))];
      for (const r of first) await store.briefs.save(r);
      await printer.print(first[0]!);
      await printer.printPending();
      expect(out).toEqual(['a1', 'a2']);
      const printed = store.collection<string>('preview-printed');
      // a2 was created at the cursor (ties share it): its record stays; a1's is gone.
      expect(await printed.has('a1')).toBe(false);
      expect(await printed.has('a2')).toBe(true);

      const later = storedBrief('b1', {}, at(3));
      await store.briefs.save(later);
      await printer.printPending();
      expect(out).toEqual(['a1', 'a2', 'b1']);
      expect(await printed.has('a2')).toBe(false);
      expect(await printed.has('b1')).toBe(true);

      // Nothing is printed twice, on this run or the next one over the same store.
      await printer.printPending();
      const again = await previewPrinter(store, (b) => out.push(b.id));
      await again.printPending();
      expect(out).toEqual(['a1', 'a2', 'b1']);
    } finally {
      await store.close();
    }
  });
});
