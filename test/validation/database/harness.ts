/**
 * Shared state of the database tests: database.test.ts runs every group of cases (the *.cases.ts files here) in one
 * jest file, in order. The state lives here: the local S3 server, the output capture, every card number used (none
 * may appear in any sink), the database client and the two handlers, imported once the environment is set.
 */
import { Client } from 'pg';
import { migrate, SCHEMA } from '../../../src/validation/runtime/migrations';
import { LocalS3, OutputCapture, pgClient, requirePostgres, setHandlerEnv } from '../support';

export type Handler = (event: unknown) => Promise<any>;
export type RelayHandler = (event: unknown, context?: { getRemainingTimeInMillis(): number }) => Promise<any>;

export const s3 = new LocalS3();
export const capture = new OutputCapture();
/** Every card number used in the database tests: none may appear in any sink. */
export const usedPans = new Set<string>();
// Assigned by setUp() (and reconnect()); the case modules read them through the module's live bindings.
export let db: Client;
export let handler: Handler;
export let relayHandler: RelayHandler;

export function track<T extends Record<string, any>>(request: T): T {
  if (typeof request.card?.number === 'string') usedPans.add(request.card.number);
  return request;
}

export async function validate(request: Record<string, any>): Promise<{ statusCode: number; body: string }> {
  return handler(track(request));
}

export async function rowsOf(paymentId: string) {
  return (await db.query(`SELECT * FROM ${SCHEMA}.payments WHERE payment_id = $1`, [paymentId])).rows;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the relay's EventBridge schedule sends (the relay does not read it). */
export const SCHEDULED_EVENT = { 'source': 'aws.events', 'detail-type': 'Scheduled Event', 'detail': {} };
export const relay = () => relayHandler(SCHEDULED_EVENT);

export async function setUp(): Promise<void> {
  requirePostgres();
  await s3.start();
  setHandlerEnv(s3);
  db = await pgClient();
  await migrate(db);
  capture.start();
  // Imported after the environment is set (the module reads it); require, as ts-jest keeps import() native.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  handler = require('../../../src/validation/runtime/validate-payment.lambda').handler as Handler;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  relayHandler = require('../../../src/validation/runtime/relay-transaction-log.lambda').handler as RelayHandler;
}

export async function tearDown(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await require('../../../src/validation/runtime/validate-payment.lambda').shutdown();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await require('../../../src/validation/runtime/relay-transaction-log.lambda').shutdown();
  capture.stop();
  await db?.end();
  await s3.stop();
}

/** A new database client, after the server restarted under the previous one. */
export async function reconnect(): Promise<void> {
  await db.end().catch(() => undefined);
  db = await pgClient();
}
