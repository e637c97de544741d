/**
 * Handler tests against the real PostgreSQL (libpq PG* variables; they FAIL when PGHOST is not set) and a local S3
 * server (s3rver). One jest file on purpose: the last test stops and restarts the database server, which must not
 * happen while another file uses it (jest runs files in parallel). The cases are grouped by concern in
 * database/*.cases.ts and registered here in order; their shared state is database/harness.ts.
 */
import { appRoleCases } from './database/app-role.cases';
import { cardDataCases } from './database/card-data.cases';
import { drMigrationCases } from './database/dr-migrations.cases';
import { concurrencyCases, handlerCases } from './database/handler.cases';
import { setUp, tearDown } from './database/harness';
import { customResourceCases, migrationCases } from './database/migrations.cases';
import { passiveRegionCases } from './database/passive.cases';
import { relayCases } from './database/relay.cases';
import { restartCases } from './database/restart.cases';
import { propertyCases, sinkCases } from './database/sinks.cases';

beforeAll(setUp);
afterAll(tearDown);

// In this order: the sink case checks every card number used before it; the restart case stops the server.
migrationCases();
drMigrationCases();
handlerCases();
concurrencyCases();
relayCases();
passiveRegionCases();
appRoleCases();
customResourceCases();
propertyCases();
cardDataCases();
sinkCases();
restartCases();
