export function everyMigrationApplied(stateDir: string, migrationsDir: string): boolean;
