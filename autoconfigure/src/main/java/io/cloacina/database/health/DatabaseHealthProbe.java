package io.cloacina.database.health;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;

import org.springframework.util.Assert;

/**
 * Checks a {@link CloacinaDataSource} within a time limit, for health indicators that must answer
 * during an outage although the pool would wait its {@code connection-timeout} (30 s by default) for a
 * connection. The check borrows a connection, waiting at most three quarters of the limit, asks
 * whether it is valid (a dead one is evicted and the next one tried) and reads the server's version;
 * it runs on a thread of its own, so a caller waits no longer than the limit even when a driver call
 * hangs. One check runs at a time: callers that come while it runs, or within the limit after it
 * started, share its result, so the {@code cloacina} and {@code db} components of one health request
 * cost one check. Messages never contain the password.
 *
 * @since 0.1.0
 */
public class DatabaseHealthProbe implements AutoCloseable {

	/** The default limit. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private final CloacinaDataSource dataSource;

	private final Duration timeout;

	private ExecutorService executor;

	private CompletableFuture<Result> current;

	private long currentStarted;

	private boolean closed;

	/**
	 * Create a probe.
	 * @param dataSource the data source to check
	 * @param timeout how long a caller waits at most
	 */
	public DatabaseHealthProbe(CloacinaDataSource dataSource, Duration timeout) {
		Assert.notNull(dataSource, "'dataSource' must not be null");
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
		this.dataSource = dataSource;
		this.timeout = timeout;
	}

	/**
	 * The data source this probe checks.
	 * @return the data source
	 */
	public CloacinaDataSource getDataSource() {
		return this.dataSource;
	}

	/**
	 * The time limit.
	 * @return how long a caller waits at most
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Check the database, or share the check that is running or started less than the time limit ago.
	 * Returns within the time limit.
	 * @return the outcome
	 */
	public Result probe() {
		CompletableFuture<Result> check;
		long started;
		long limit = this.timeout.toNanos();
		synchronized (this) {
			if (this.closed) {
				return Result.down("The health probe of " + this.dataSource.getDisplayUrl() + " is closed", null);
			}
			long now = System.nanoTime();
			if (this.current == null || (this.current.isDone() && now - this.currentStarted >= limit)) {
				if (this.executor == null) {
					this.executor = Executors.newSingleThreadExecutor((task) -> {
						Thread thread = new Thread(task, "cloacina-health-" + this.dataSource.getPoolName());
						thread.setDaemon(true);
						return thread;
					});
				}
				this.current = CompletableFuture.supplyAsync(this::check, this.executor);
				this.currentStarted = now;
			}
			check = this.current;
			started = this.currentStarted;
		}
		try {
			return check.get(Math.max(0, limit - (System.nanoTime() - started)), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return Result.down("The database did not answer within " + this.timeout.toMillis()
					+ " ms (management.health.cloacina.timeout); the pool waits up to its connection-timeout ("
					+ this.dataSource.getConnectionTimeout() + " ms) for a connection" + poolState(), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Result.down("Interrupted while waiting for the database", null);
		}
		catch (ExecutionException ex) {
			return failure(ex.getCause());
		}
	}

	private Result check() {
		long deadline = System.nanoTime() + this.timeout.toNanos() * 3 / 4;
		SQLException lastInvalid = null;
		do {
			long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
			try (Connection connection = this.dataSource.getConnection(Duration.ofMillis(waitMillis))) {
				if (connection.isValid(Math.max(1, (int) this.timeout.toSeconds()))) {
					DatabaseMetaData metaData = connection.getMetaData();
					return new Result(true, metaData.getDatabaseProductName(), metaData.getDatabaseProductVersion(),
							null, null);
				}
				lastInvalid = new SQLException("A pooled connection was no longer valid");
				this.dataSource.evictConnection(connection);
			}
			catch (SQLException ex) {
				if (System.nanoTime() >= deadline || lastInvalid == null) {
					return failure(ex);
				}
				lastInvalid = ex;
			}
		}
		while (System.nanoTime() < deadline);
		return failure(lastInvalid);
	}

	private Result failure(Throwable failure) {
		// The first cause that says something: HikariCP's timeout names the last connection failure.
		Throwable cause = failure.getCause();
		while (cause != null && cause.getMessage() == null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String reason = (cause != null) ? hide(cause.getClass().getName() + ": " + cause.getMessage()) : null;
		return Result.down(hide(failure.getClass().getName() + ": " + failure.getMessage()), reason);
	}

	private String hide(String message) {
		if (message == null) {
			return null;
		}
		String masked = DatabaseUrl.mask(message);
		String password = this.dataSource.getPassword();
		return (password != null && !password.isEmpty()) ? masked.replace(password, "****") : masked;
	}

	private String poolState() {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool == null) {
			return "; the pool has not started yet";
		}
		return " (pool: total=" + pool.getTotalConnections() + ", active=" + pool.getActiveConnections() + ", idle="
				+ pool.getIdleConnections() + ", waiting=" + pool.getThreadsAwaitingConnection() + ")";
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

	/**
	 * The outcome of a check.
	 *
	 * @param up whether a valid connection was had
	 * @param product the database product name, when up
	 * @param version the server version, when up
	 * @param error what went wrong, when down; never contains the password
	 * @param reason the root cause of the error, if it has one
	 */
	public record Result(boolean up, String product, String version, String error, String reason) {

		static Result down(String error, String reason) {
			return new Result(false, null, null, error, reason);
		}

		/**
		 * The error and reason as health details.
		 * @return the details, empty when up
		 */
		public Map<String, Object> failureDetails() {
			Map<String, Object> details = new LinkedHashMap<>();
			if (this.error != null) {
				details.put("error", this.error);
			}
			if (this.reason != null) {
				details.put("reason", this.reason);
			}
			return details;
		}

	}

}
