package io.cloacina.database.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A writer process for {@link SqliteTwoProcessesIntegrationTests}: threads of read-modify-write
 * transactions through the starter on a SQLite file that another process writes too. Prints one
 * {@code RESULT} line: commits, errors, and the longest and 99th-percentile transaction time.
 * <p>
 * Arguments: database URL, seconds, threads, process name, and the wall-clock time (epoch
 * milliseconds) to start at, so that processes started one after the other write at the same time.
 */
public final class SqliteWriterProcess {

	private SqliteWriterProcess() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		int seconds = Integer.parseInt(args[1]);
		int threads = Integer.parseInt(args[2]);
		String name = args[3];
		long startAt = Long.parseLong(args[4]);
		AtomicLong commits = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		AtomicReference<Throwable> firstError = new AtomicReference<>();
		List<Long> micros = java.util.Collections.synchronizedList(new ArrayList<>());
		try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse(url)).build()) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			jdbc.queryForObject("SELECT count(*) FROM event", Long.class);
			Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			long start = System.nanoTime();
			List<Future<?>> running = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				running.add(pool.submit(() -> {
					List<Long> mine = new ArrayList<>();
					while (System.nanoTime() < deadline) {
						long begin = System.nanoTime();
						try {
							transactions.executeWithoutResult((status) -> {
								long seen = jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class);
								jdbc.update("INSERT INTO event (process, seen) VALUES (?, ?)", name, seen);
								jdbc.update("UPDATE counter SET value = ? WHERE id = 1", seen + 1);
							});
							commits.incrementAndGet();
							mine.add((System.nanoTime() - begin) / 1_000);
						}
						catch (RuntimeException ex) {
							errors.incrementAndGet();
							firstError.compareAndSet(null, ex);
						}
					}
					micros.addAll(mine);
				}));
			}
			for (Future<?> future : running) {
				future.get(seconds + 120L, TimeUnit.SECONDS);
			}
			double elapsed = (System.nanoTime() - start) / 1e9;
			pool.shutdown();
			List<Long> sorted = new ArrayList<>(micros);
			sorted.sort(null);
			long max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
			long p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.floor(sorted.size() * 0.99));
			if (firstError.get() != null) {
				firstError.get().printStackTrace();
			}
			System.out.printf(java.util.Locale.ROOT, "RESULT name=%s commits=%d errors=%d seconds=%.2f p99Millis=%.1f maxMillis=%.1f%n",
					name, commits.get(), errors.get(), elapsed, p99 / 1000.0, max / 1000.0);
		}
	}

}
