import { closeTestConnections } from '@booking/core/testing';
import { afterAll } from 'vitest';

afterAll(async () => {
  await closeTestConnections();
});
