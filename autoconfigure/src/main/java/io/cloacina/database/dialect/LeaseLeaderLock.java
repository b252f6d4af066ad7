package io.cloacina.database.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A leader lock made of rows, for databases or set-ups without session locks: SQLite, which has no
 * advisory locks, and PostgreSQL behind a pooler in transaction mode, where a session's advisory lock
 * would stay with a server session that other clients use. A row per lock name in
 * {@code cloacina_leader_lock} holds the holder and the expiry time, taken and renewed in short
 * transactions of their own. A holder that dies stops renewing and the lease expires.
 * <p>
 * A holder considers itself leader only until its lease's expiry as measured from before it was
 * taken or last renewed, so it gives up the lock, on its own clock, no later than another holder can
 * take it over on the database's clock.
 *
 * @since 0.1.0
 */
public class LeaseLeaderLock implements LeaderLock {

	static final String TABLE = "cloacina_leader_lock";

	private final DataSource dataSource;

	private final DatabaseDialect dialect;

	private final Duration leaseTime;

	private volatile boolean tableReady;

	/**
	 * Create a lock on a data source; its table is created on first use.
	 * @param dataSource the data source
	 * @param dialect the dialect of its database, for the clock and the column types
	 * @param leaseTime how long a lease lasts unless renewed
	 */
	public LeaseLeaderLock(DataSource dataSource, DatabaseDialect dialect, Duration leaseTime) {
		if (leaseTime.isNegative() || leaseTime.isZero()) {
			throw new IllegalArgumentException("The lease time must be positive, not " + leaseTime);
		}
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.leaseTime = leaseTime;
	}

	/** The parameter of {@link DatabaseDialect#secondsAgo()} that makes it the end of a lease. */
	private double leaseSeconds() {
		return -this.leaseTime.toMillis() / 1000.0;
	}

	@Override
	public Optional<LeaderLease> tryAcquire(String name) {
		String holder = UUID.randomUUID().toString();
		long start = System.nanoTime();
		int changed = update("INSERT INTO " + TABLE + " (name, holder, expires_at) VALUES (?, ?, "
				+ this.dialect.secondsAgo() + ") ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
				+ "expires_at = excluded.expires_at WHERE " + TABLE + ".expires_at < " + this.dialect.now(), name,
				holder, leaseSeconds());
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
			String sql = "CREATE TABLE IF NOT EXISTS " + TABLE + " (name TEXT PRIMARY KEY, holder TEXT NOT NULL, "
					+ "expires_at " + this.dialect.timestampType() + " NOT NULL)";
			try (var statement = connection.createStatement()) {
				statement.executeUpdate(sql);
			}
			catch (SQLException ex) {
				// On PostgreSQL, two instances creating the table at once: one of them loses with a
				// unique violation on the catalog, and the table exists when it tries again.
				try (var statement = connection.createStatement()) {
					statement.executeUpdate(sql);
				}
				catch (SQLException again) {
					again.addSuppressed(ex);
					throw again;
				}
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
			this.validUntilNanos = startNanos + LeaseLeaderLock.this.leaseTime.toNanos();
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
			int changed = update("UPDATE " + TABLE + " SET expires_at = " + LeaseLeaderLock.this.dialect.secondsAgo()
					+ " WHERE name = ? AND holder = ? AND expires_at >= " + LeaseLeaderLock.this.dialect.now(), leaseSeconds(),
					this.name, this.holder);
			if (changed == 1) {
				this.validUntilNanos = start + LeaseLeaderLock.this.leaseTime.toNanos();
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
			return "Lease lock '" + this.name + "' (" + LeaseLeaderLock.this.dialect.backend() + ")";
		}

	}

}
