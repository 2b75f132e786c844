// The admin tokens the tests run with: at least 32 characters, as the Worker and npm start require.
// No imports: vitest.config.ts reads it before any runtime exists.
export const TEST_ADMIN_TOKEN = "test-admin-token-6f3a9c2e81d47b05";
export const E2E_ADMIN_TOKEN = "e2e-admin-token-0b7d4e19a2c86f53";
