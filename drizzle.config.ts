import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations that wrangler applies (locally and remotely).
export default defineConfig({
  dialect: 'sqlite',
  schema: './workers/db/schema.ts',
  out: './migrations',
});
