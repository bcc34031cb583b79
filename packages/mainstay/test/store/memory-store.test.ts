import { MemoryMainstayStore } from '../../src/store/memory-store.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('MemoryMainstayStore', async () => ({
  persistent: false,
  open: async () => new MemoryMainstayStore(),
  dispose: async () => undefined,
}));
