import type { Kysely, TransactionBuilder } from 'kysely';

/**
 * Errors after which PostgreSQL has rolled the whole transaction back, so running it again is safe and is what
 * its manual asks of applications: a deadlock (40P01: two call-next presses each hold a row the other one waits
 * for, e.g. a row left locked by a claim whose re-check found it already called), a serialization failure
 * (40001), and a lost insert race on a unique key (23505: two retries of one check-in on two connections both saw
 * no ticket yet; the next attempt finds the winner's row and answers with it). Connection errors are not retried:
 * whether the commit reached the database is unknown then.
 */
const RETRYABLE = new Set(['40P01', '40001', '23505']);

export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

async function withRetries<T>(attempt: () => Promise<T>, attempts: number): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= attempts || !isRetryable(err)) throw err;
    }
  }
}

function bound(target: object, prop: string | symbol): unknown {
  const value: unknown = Reflect.get(target, prop, target);
  // Kysely keeps its state in #private fields: methods must run on the real object, not on the proxy.
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}

function retryingBuilder<DB>(builder: TransactionBuilder<DB>, attempts: number): TransactionBuilder<DB> {
  return new Proxy(builder, {
    get(target, prop) {
      if (prop === 'execute') return <T>(fn: Parameters<TransactionBuilder<DB>['execute']>[0]) => withRetries(() => target.execute(fn) as Promise<T>, attempts);
      if (prop === 'setIsolationLevel' || prop === 'setAccessMode') {
        return (...args: unknown[]) => retryingBuilder((target[prop] as (...a: unknown[]) => TransactionBuilder<DB>)(...args), attempts);
      }
      return bound(target, prop);
    },
  });
}

/**
 * The database with every `transaction().execute(fn)` run again (up to `attempts` times in all) when PostgreSQL
 * rolled it back for one of the reasons above. Transaction bodies in this code base only read and write the
 * database and tell the rooms after commit, so running one again has no effect outside it.
 */
export function retryingTransactions<DB>(db: Kysely<DB>, attempts = 8): Kysely<DB> {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') return () => retryingBuilder(target.transaction(), attempts);
      if (prop === 'withPlugin' || prop === 'withoutPlugins' || prop === 'withSchema' || prop === 'withTables') {
        return (...args: unknown[]) => retryingTransactions((target[prop] as (...a: unknown[]) => Kysely<DB>)(...args), attempts);
      }
      return bound(target, prop);
    },
  });
}
