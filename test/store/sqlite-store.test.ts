import { defineStoreContract } from './store-contract';
import { sqliteFixture } from './support/sqlite-fixture';

defineStoreContract('sqlite (two connections on one file)', async () => sqliteFixture());
