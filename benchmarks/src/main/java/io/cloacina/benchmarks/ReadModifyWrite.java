package io.cloacina.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SQLite benchmarks' workload: writer threads run read-modify-write transactions (read a
 * counter, insert an event row with the value seen, write the counter back), reader threads run
 * read-only transactions (two selects), for a fixed time on a new database. Writers go through
 * JdbcTemplate + TransactionTemplate, or plain JDBC with the three statements prepared once.
 */
final class ReadModifyWrite {

	private ReadModifyWrite() {
	}

	/**
	 * What one run measured: transactions per second, the counts behind them, and the table's state
	 * afterwards, which must equal the commits that were reported.
	 */
	record Result(double rate, double readRate, long commits, long errors, long reads, long readErrors, long rows,
			long counter) {

		boolean consistent() {
			return this.rows == this.commits && this.counter == this.commits;
		}

		/** Every attempt, writers' and readers', successful or not. */
		long attempts() {
			return this.commits + this.errors + this.reads + this.readErrors;
		}

	}

	/**
	 * Create the tables on an empty database and run the workload.
	 * @param dataSource the data source, closed by the caller
	 * @param seconds how long
	 * @param writers writer threads
	 * @param readers reader threads
	 * @param plainJdbc whether writers use plain JDBC instead of JdbcTemplate
	 * @return the figures
	 * @throws Exception if a thread does not finish
	 */
	static Result run(DataSource dataSource, int seconds, int writers, int readers, boolean plainJdbc) throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(manager);
		TransactionTemplate readOnly = new TransactionTemplate(manager);
		readOnly.setReadOnly(true);
		jdbc.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
		jdbc.execute("CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, worker INTEGER, seen INTEGER)");
		jdbc.update("INSERT INTO counter (id, value) VALUES (1, 0)");
		AtomicLong commits = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		AtomicLong reads = new AtomicLong();
		AtomicLong readErrors = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
		long start = System.nanoTime();
		long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < writers; t++) {
			int worker = t;
			futures.add(pool.submit(() -> {
				if (plainJdbc) {
					writePlainJdbc(dataSource, worker, deadline, commits, errors);
					return;
				}
				while (System.nanoTime() < deadline) {
					try {
						transactions.executeWithoutResult((status) -> {
							long seen = jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class);
							jdbc.update("INSERT INTO event (worker, seen) VALUES (?, ?)", worker, seen);
							jdbc.update("UPDATE counter SET value = ? WHERE id = 1", seen + 1);
						});
						commits.incrementAndGet();
					}
					catch (RuntimeException ex) {
						errors.incrementAndGet();
					}
				}
			}));
		}
		for (int t = 0; t < readers; t++) {
			futures.add(pool.submit(() -> {
				while (System.nanoTime() < deadline) {
					try {
						readOnly.executeWithoutResult((status) -> {
							jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class);
							jdbc.queryForObject("SELECT max(id) FROM event", Long.class);
						});
						reads.incrementAndGet();
					}
					catch (RuntimeException ex) {
						readErrors.incrementAndGet();
					}
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get(seconds + 120L, TimeUnit.SECONDS);
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		long rows = jdbc.queryForObject("SELECT count(*) FROM event", Long.class);
		long counter = jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class);
		return new Result(commits.get() / elapsed, reads.get() / elapsed, commits.get(), errors.get(), reads.get(),
				readErrors.get(), rows, counter);
	}

	private static void writePlainJdbc(DataSource dataSource, int worker, long deadline, AtomicLong commits,
			AtomicLong errors) {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement read = connection.prepareStatement("SELECT value FROM counter WHERE id = 1");
					PreparedStatement insert = connection.prepareStatement("INSERT INTO event (worker, seen) VALUES (?, ?)");
					PreparedStatement update = connection.prepareStatement("UPDATE counter SET value = ? WHERE id = 1")) {
				while (System.nanoTime() < deadline) {
					long seen;
					try (ResultSet rows = read.executeQuery()) {
						rows.next();
						seen = rows.getLong(1);
					}
					insert.setInt(1, worker);
					insert.setLong(2, seen);
					insert.executeUpdate();
					update.setLong(1, seen + 1);
					update.executeUpdate();
					connection.commit();
					commits.incrementAndGet();
				}
			}
			connection.setAutoCommit(true);
		}
		catch (Exception ex) {
			errors.incrementAndGet();
		}
	}

}
