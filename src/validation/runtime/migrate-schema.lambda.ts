/**
 * CloudFormation custom resource `Custom::PaymentValidationSchema`: applies the validation schema migrations at
 * deploy time with the same `migrate()` the tests run. It implements the custom-resource response protocol itself
 * (a signed-URL PUT of the JSON response), so no extra provider-framework functions are deployed.
 *
 * - Create/Update: `migrate()` (idempotent, advisory-locked); Data.SchemaVersion is the version reached.
 * - After the migrations (every Create/Update): the application role's password is set from the application
 *   secret APP_DB_SECRET_ARN, read afresh (app-role.ts). An operator invoking the function directly (any event
 *   without `RequestType`, e.g. `{}`) does the same and gets `{ SchemaVersion }` back: the rotation step that makes
 *   the database follow a new application password (docs/operations.md, "Rotating the application password").
 * - Delete: nothing (payment data and its schema outlive the stack; the database has its own removal policy).
 * - The physical id is constant, so an Update never makes CloudFormation delete the "old" resource.
 * - Connection errors are retried with backoff (connection-retry.ts) until 35 s before the Lambda's timeout.
 * - The response is sent before the Lambda times out: a failure never leaves a stack waiting for an hour.
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { parseApplicationCredentials, setApplicationPassword } from './app-role';
import { CfnResponse, responseBase, sendResponse } from './cfn-response';
import { withConnectionRetry } from './connection-retry';
import { migrate } from './migrations';
import { createPool, ENV, getSecretString, invalidateSecret } from './runtime-config';

export { sendResponse };

export const PHYSICAL_RESOURCE_ID = 'payment-validation-schema';

/**
 * Run the migrations, retrying connection errors with backoff for at most `budgetMs` (each attempt opens a new
 * pool, so a rotated password or a re-resolved endpoint is picked up).
 */
export async function runMigrationsWithRetry(budgetMs: number, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withConnectionRetry(() => runMigrations(env), {
    budgetMs,
    onRetry: (attempt, error, delayMs) => console.warn(JSON.stringify({
      level: 'WARN',
      message: 'schema migration: database unavailable, retrying',
      attempt,
      delayMs,
      error: error instanceof Error ? error.message : String(error),
    })),
  });
}

/**
 * Run the migrations through the same connection settings as the validation handler (as the master user), then set
 * the application role's password from APP_DB_SECRET_ARN when it is set. The application secret is read afresh at
 * every run (never from a warm container's cache): the database must follow its current value.
 */
export async function runMigrations(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const pool = await createPool(env);
  try {
    const client = await pool.connect();
    try {
      const version = (await migrate(client)).version;
      const appSecretArn = env[ENV.APP_DB_SECRET_ARN];
      if (appSecretArn) {
        invalidateSecret(appSecretArn);
        await setApplicationPassword(client, parseApplicationCredentials(await getSecretString(appSecretArn), appSecretArn));
      }
      return version;
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

/** A direct invocation (no `RequestType`): migrations and the application password, then the version reached. */
/** Milliseconds the migration may take: what the invocation has left, less 15 s to answer (at least 5 s). */
function migrationBudget(context?: Context): number {
  return Math.max(5_000, (context?.getRemainingTimeInMillis() ?? 300_000) - 15_000);
}

async function directInvocation(context?: Context): Promise<{ SchemaVersion: string }> {
  const budget = migrationBudget(context);
  return { SchemaVersion: String(await runMigrationsWithRetry(budget)) };
}

export async function handler(event: CloudFormationCustomResourceEvent, context?: Context): Promise<void | { SchemaVersion: string }> {
  if (typeof event !== 'object' || event === null || !('RequestType' in event)) {
    return directInvocation(context);
  }
  const base = responseBase(event, PHYSICAL_RESOURCE_ID);
  let response: CfnResponse;
  try {
    if (event.RequestType === 'Delete') {
      response = { ...base, Status: 'SUCCESS', Data: {} };
    } else {
      // Leave 15 s to answer CloudFormation even when the database never answers.
      const budget = migrationBudget(context);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`migrations did not finish within ${budget} ms`)), budget);
      });
      try {
        // Retries stop 20 s before the hard deadline, so the last attempt can still finish or fail cleanly.
        const version = await Promise.race([runMigrationsWithRetry(Math.max(1_000, budget - 20_000)), timeout]);
        response = { ...base, Status: 'SUCCESS', Data: { SchemaVersion: String(version) } };
      } finally {
        clearTimeout(timer);
      }
    }
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(JSON.stringify({ level: 'ERROR', message: 'schema migration failed', error: message }));
    response = { ...base, Status: 'FAILED', Reason: message.slice(0, 900) };
  }
  await sendResponse(event.ResponseURL, response);
}
