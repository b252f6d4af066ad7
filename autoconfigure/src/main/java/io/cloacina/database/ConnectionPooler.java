package io.cloacina.database;

/**
 * What stands between the application and its PostgreSQL server, as far as the session state of a
 * connection is concerned. Set it with {@code cloacina.database.pooler}, or with the URL parameter
 * {@code pgbouncer=true} for {@link #TRANSACTION}.
 *
 * @since 0.1.0
 */
public enum ConnectionPooler {

	/**
	 * No pooler: each connection of the pool is a server session of its own.
	 */
	NONE,

	/**
	 * A pooler in session mode (PgBouncer's {@code pool_mode = session}): a client keeps one server
	 * session for as long as it is connected, so everything works as without a pooler.
	 */
	SESSION,

	/**
	 * A pooler in transaction mode (PgBouncer's {@code pool_mode = transaction}, the transaction
	 * poolers of managed PostgreSQL services): each transaction may run on another server session, and
	 * whatever a session keeps is seen by other clients. Server-side prepared statements are not used
	 * ({@code prepareThreshold=0}), the schema and isolation level are set per transaction, and the
	 * leader lock is a lease row instead of a session's advisory lock.
	 */
	TRANSACTION;

	/**
	 * Whether server sessions are shared between clients transaction by transaction.
	 * @return {@code true} for {@link #TRANSACTION}
	 */
	public boolean sharesSessions() {
		return this == TRANSACTION;
	}

}
