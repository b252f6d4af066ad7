package io.cloacina.database.postgresql;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.dialect.LeaderLock;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A PostgreSQL session-level advisory lock ({@code pg_try_advisory_lock}) held on a connection of
 * its own: the server releases it when that session ends, so a holder that dies loses it. The lock
 * key is a 64-bit hash of the name.
 *
 * @since 0.1.0
 */
public class PostgresAdvisoryLock implements LeaderLock {

	private final DataSource dataSource;

	/**
	 * Create a lock on a PostgreSQL data source.
	 * @param dataSource the data source; each holder takes a connection of its own from it
	 */
	public PostgresAdvisoryLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	static long key(String name) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.wrap(digest).getLong();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public Optional<LeaderLease> tryAcquire(String name) {
		long key = key(name);
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			if (queryBoolean(connection, "SELECT pg_try_advisory_lock(?)", key)) {
				return Optional.of(new Lease(name, key, connection));
			}
			connection.close();
			return Optional.empty();
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new DataAccessResourceFailureException("Could not try the advisory lock '" + name + "'", ex);
		}
	}

	private static boolean queryBoolean(Connection connection, String sql, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, key);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// Nothing more to release.
			}
		}
	}

	private final class Lease implements LeaderLease {

		private final String name;

		private final long key;

		private Connection connection;

		Lease(String name, long key, Connection connection) {
			this.name = name;
			this.key = key;
			this.connection = connection;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public synchronized boolean isHeld() {
			if (this.connection == null) {
				return false;
			}
			try {
				// The advisory lock of this session with this key: classid = high, objid = low 32 bits.
				return queryBoolean(this.connection, "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = "
						+ "'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1 AND "
						+ "((classid::bigint << 32) | objid::bigint) = ?)", this.key);
			}
			catch (SQLException ex) {
				return false;
			}
		}

		@Override
		public boolean renew() {
			return isHeld();
		}

		@Override
		public synchronized void close() {
			Connection held = this.connection;
			this.connection = null;
			if (held == null) {
				return;
			}
			boolean released = false;
			try {
				released = queryBoolean(held, "SELECT pg_advisory_unlock(?)", this.key);
			}
			catch (SQLException ex) {
				// The session is gone, and its lock with it.
			}
			if (!released && PostgresAdvisoryLock.this.dataSource instanceof HikariDataSource pool) {
				// Never give a session that may still hold the lock back to the pool.
				pool.evictConnection(held);
				return;
			}
			closeQuietly(held);
		}

		@Override
		public String toString() {
			return "PostgreSQL advisory lock '" + this.name + "'";
		}

	}

}
