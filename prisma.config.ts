// Prisma 7 reads the datasource URL for migrate/introspect commands from here, not from schema.prisma.
// DATABASE_URL stays optional so `prisma generate` (which needs no database) works without it.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL },
});
