/**
 * Transaction handling around statements, as InnoDB with autocommit:
 * - outside an explicit transaction with autocommit=1, each statement runs in its own
 *   transaction, committed on success and rolled back on failure;
 * - with autocommit=0 the first statement opens a transaction that stays open;
 * - inside a transaction each statement runs under a savepoint, so a failed statement undoes
 *   only its own writes; ER_LOCK_DEADLOCK (1213) means storage already rolled the whole
 *   transaction back, so the session leaves it; ER_LOCK_WAIT_TIMEOUT (1205) leaves it open.
 */

import {
  isStatementAwareTransaction,
  type IsolationLevel,
  type Transaction,
  type TransactionOptions,
} from "../catalog/catalog.ts";
import { ER_LOCK_DEADLOCK } from "../../util/mysql-errors.ts";
import { SqlError } from "../sql-error.ts";
import type { Session } from "../session.ts";
import type { EngineServices } from "./engine-services.ts";

/** Characteristics consumed: one shared empty object (its fields are readonly). */
const noNextTransaction: Session["nextTransaction"] = {};

export function transactionOptions(session: Session, readOnly: boolean, consistentSnapshot: boolean): TransactionOptions {
  const isolation = session.nextTransaction.isolation ?? session.transactionIsolation;
  return {
    readOnly,
    isolation,
    consistentSnapshot,
    lockWaitTimeoutMs: session.lockWaitTimeoutMs,
  };
}

/** Opens an explicit transaction (BEGIN / START TRANSACTION / first statement with autocommit=0). */
export function openTransaction(
  services: EngineServices,
  session: Session,
  readOnly: boolean | undefined,
  consistentSnapshot: boolean,
): Transaction {
  const effectiveReadOnly =
    readOnly ?? session.nextTransaction.readOnly ?? session.defaultReadOnly;
  const transaction = services.catalog.beginTransaction(transactionOptions(session, effectiveReadOnly, consistentSnapshot));
  session.transaction = transaction;
  session.transactionReadOnly = effectiveReadOnly;
  session.nextTransaction = {};
  session.savepoints.clear();
  return transaction;
}

export async function commitSession(session: Session): Promise<void> {
  const transaction = session.transaction;
  if (transaction === undefined) return;
  session.transaction = undefined;
  session.savepoints.clear();
  await transaction.commit();
}

export async function rollbackSession(session: Session): Promise<void> {
  const transaction = session.transaction;
  if (transaction === undefined) return;
  session.transaction = undefined;
  session.savepoints.clear();
  await transaction.rollback();
}

/**
 * Runs one statement's storage work with statement atomicity (see the file header). Not async
 * itself, so an autocommit statement costs one async frame here, not two; callers await it
 * inside their own try (a synchronous throw and a rejection are handled alike).
 */
export function runInTransaction<T>(
  services: EngineServices,
  session: Session,
  work: (transaction: Transaction) => Promise<T>,
): Promise<T> {
  let transaction = session.transaction;
  if (transaction === undefined && !session.autocommit) transaction = openTransaction(services, session, undefined, false);
  if (transaction === undefined) return runAutocommit(services, session, work);
  return runInOpenTransaction(session, transaction, work);
}

async function runInOpenTransaction<T>(
  session: Session,
  transaction: Transaction,
  work: (transaction: Transaction) => Promise<T>,
): Promise<T> {
  // READ COMMITTED reads see what committed before each statement, not before the first one.
  if (isStatementAwareTransaction(transaction)) transaction.startStatement();
  const savepoint = transaction.savepoint();
  try {
    return await work(transaction);
  } catch (error) {
    if (error instanceof SqlError) {
      if (error.code === ER_LOCK_DEADLOCK.code) {
        session.transaction = undefined;
        session.savepoints.clear();
      } else {
        transaction.rollbackToSavepoint(savepoint);
      }
    }
    throw error;
  }
}

async function runAutocommit<T>(
  services: EngineServices,
  session: Session,
  work: (transaction: Transaction) => Promise<T>,
): Promise<T> {
  const readOnly = session.nextTransaction.readOnly ?? session.defaultReadOnly;
  const transaction = services.catalog.beginTransaction(transactionOptions(session, readOnly, false));
  if (session.nextTransaction !== noNextTransaction) session.nextTransaction = noNextTransaction;
  let result: T;
  try {
    result = await work(transaction);
  } catch (error) {
    if (!(error instanceof SqlError) || error.code !== ER_LOCK_DEADLOCK.code) await transaction.rollback();
    throw error;
  }
  await transaction.commit();
  return result;
}
