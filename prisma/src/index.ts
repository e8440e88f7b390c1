export { migrate, listMigrations, migrationsDir, MigrationError, type MigrationResult } from './migrate.js';
