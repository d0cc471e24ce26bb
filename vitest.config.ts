import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';

// Four projects, one `vitest run`:
//  unit    – pure modules in Node, fast
//  workers – worker, Durable Object, D1, R2 and Queue inside workerd with real bindings
//  sdk     – the recorder in Debian's Chromium against a loopback ingest harness
//  e2e     – the local stack from `npm start`, driven in Debian's Chromium
export default defineConfig(async () => ({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{wire,workers,durable-objects,sdk,dashboard,scripts,bench}/**/*.test.ts'],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // A short grace lets tests end sessions by their final flag without long waits.
              bindings: {
                SESSION_IDLE_TIMEOUT_MS: '60000',
                FINAL_GRACE_MS: '200',
                // Small segments, so compaction shows with test-sized sessions (2 MB in production).
                SEGMENT_TARGET_BYTES: '50000',
                // Signs logins and share links; tests send it as a bearer token (tests/workers/helpers.ts).
                ADMIN_SECRET: 'workers-tests-admin-secret',
                TEST_MIGRATIONS: await readD1Migrations('./migrations'),
              },
            },
          }),
        ],
        test: {
          name: 'workers',
          include: ['tests/workers/**/*.test.ts'],
          setupFiles: ['tests/workers/setup.ts'],
        },
      },
      {
        test: {
          name: 'sdk',
          environment: 'node',
          include: ['tests/sdk/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          // Each file starts the stack with `npm start`'s script, which rebuilds the one dist/public.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
}));
