import { createMemoryStore, MemoryBackend } from '../../src/store/memory-store';
import type { Store } from '../../src/store/types';
import { defineStoreContract } from './store-contract';

defineStoreContract('memory', async () => {
  const backend = new MemoryBackend();
  const opened: Store[] = [];
  return {
    async open() {
      const store = createMemoryStore(backend);
      opened.push(store);
      return store;
    },
    async dispose() {
      await Promise.all(opened.map((s) => s.close()));
    },
  };
});
