import { composeRepositoryContract } from './compose-repository.contract.js';
import { InMemoryComposeRepository } from './in-memory-compose.repository.js';

composeRepositoryContract('in-memory', () => {
  const repo = new InMemoryComposeRepository();
  return Promise.resolve({ repo, outbox: () => Promise.resolve(repo.outbox.map(({ composeId, type }) => ({ composeId, type }))) });
});
