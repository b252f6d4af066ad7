package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.cloacina.database.dialect.LeaderLock;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A leader lock for SQLite, which has no advisory locks: a row per lock name in
 * {@code cloacina_leader_lock} with its holder and expiry time, taken and renewed in write
 * transactions (one at a time). A holder that dies stops renewing and the lease expires.
 * <p>
 * A holder considers itself leader only until its lease's expiry as measured from before it was
 * taken or last renewed, so it gives up the lock, on its own clock, no later than another holder can
 * take it over on the database's clock.
 *
 * @since 0.1.0
 */
public class SqliteLeaseLock implements LeaderLock {

	static final String TABLE = "cloacina_leader_lock";

	private final DataSource dataSource;

	private final Duration leaseTime;

	private volatile boolean tableReady;

	/**
	 * Create a lock on a SQLite data source; its table is created on first use.
	 * @param dataSource the data source
	 * @param leaseTime how long a lease lasts unless renewed
	 */
	public SqliteLeaseLock(DataSource dataSource, Duration leaseTime) {
		if (leaseTime.isNegative() || leaseTime.isZero()) {
			throw new IllegalArgumentException("The lease time must be positive, not " + leaseTime);
		}
		this.dataSource = dataSource;
		this.leaseTime = leaseTime;
	}

	private double leaseSeconds() {
		return this.leaseTime.toMillis() / 1000.0;
	}

	@Override
	public Optional<LeaderLease> tryAcquire(String name) {
		String holder = UUID.randomUUID().toString();
		long start = System.nanoTime();
		int changed = update("INSERT INTO " + TABLE + " (name, holder, expires_at) VALUES (?, ?, " + SqliteDialect.NOW_PLUS_SECONDS
				+ ") ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
				+ " WHERE " + TABLE + ".expires_at < " + SqliteDialect.NOW, name, holder, leaseSeconds());
		return (changed == 1) ? Optional.of(new Lease(name, holder, start)) : Optional.empty();
	}

	private int update(String sql, Object... parameters) {
		try (Connection connection = this.dataSource.getConnection()) {
			createTableOnce(connection);
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (int i = 0; i < parameters.length; i++) {
					statement.setObject(i + 1, parameters[i]);
				}
				int changed = statement.executeUpdate();
				connection.commit();
				return changed;
			}
			catch (SQLException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not update the leader lock table", ex);
		}
	}

	private void createTableOnce(Connection connection) throws SQLException {
		if (!this.tableReady) {
			try (var statement = connection.createStatement()) {
				statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + TABLE
						+ " (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TEXT NOT NULL)");
			}
			this.tableReady = true;
		}
	}

	private final class Lease implements LeaderLease {

		private final String name;

		private final String holder;

		private volatile long validUntilNanos;

		private volatile boolean released;

		Lease(String name, String holder, long startNanos) {
			this.name = name;
			this.holder = holder;
			this.validUntilNanos = startNanos + SqliteLeaseLock.this.leaseTime.toNanos();
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public boolean isHeld() {
			return !this.released && System.nanoTime() - this.validUntilNanos < 0;
		}

		@Override
		public synchronized boolean renew() {
			if (!isHeld()) {
				return false;
			}
			long start = System.nanoTime();
			int changed = update("UPDATE " + TABLE + " SET expires_at = " + SqliteDialect.NOW_PLUS_SECONDS
					+ " WHERE name = ? AND holder = ? AND expires_at >= " + SqliteDialect.NOW, leaseSeconds(),
					this.name, this.holder);
			if (changed == 1) {
				this.validUntilNanos = start + SqliteLeaseLock.this.leaseTime.toNanos();
				return true;
			}
			this.released = true;
			return false;
		}

		@Override
		public synchronized void close() {
			if (!this.released) {
				this.released = true;
				update("DELETE FROM " + TABLE + " WHERE name = ? AND holder = ?", this.name, this.holder);
			}
		}

		@Override
		public String toString() {
			return "SQLite lease lock '" + this.name + "'";
		}

	}

}
