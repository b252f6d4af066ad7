package io.cloacina.database.sqlite;

import java.time.Duration;

import javax.sql.DataSource;

import io.cloacina.database.dialect.LeaseLeaderLock;

/**
 * The leader lock for SQLite, which has no advisory locks: a {@link LeaseLeaderLock} with SQLite's
 * clock and types. Leases are taken and renewed in write transactions, one at a time.
 *
 * @since 0.1.0
 */
public class SqliteLeaseLock extends LeaseLeaderLock {

	/**
	 * Create a lock on a SQLite data source; its table is created on first use.
	 * @param dataSource the data source
	 * @param leaseTime how long a lease lasts unless renewed
	 */
	public SqliteLeaseLock(DataSource dataSource, Duration leaseTime) {
		super(dataSource, new SqliteDialect(), leaseTime);
	}

}
