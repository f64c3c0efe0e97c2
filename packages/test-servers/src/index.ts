export { freePort } from './free-port.js';
export { ThrowawayPostgres } from './postgres.js';
export type { ShutdownMode, ThrowawayPostgresOptions } from './postgres.js';
export { ThrowawayRedis } from './redis.js';
export { makeTestCertificates } from './certificates.js';
export type { TestCertificates } from './certificates.js';
export { TEST_BACKENDS, testBackends, testsUse, unknownBackendLines } from './test-backends.js';
export { missingServerLines, testServers } from './servers.js';
export type { TestServer } from './servers.js';
