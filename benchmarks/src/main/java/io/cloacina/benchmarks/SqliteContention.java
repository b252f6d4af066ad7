package io.cloacina.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read-modify-write transactions (read a counter, insert an event row, write the counter back)
 * from many threads through JdbcTemplate + TransactionTemplate, on four SQLite set-ups in one run:
 * Spring Boot's defaults, the "obvious" tuning, the starter, and the single-thread ceiling.
 * <p>
 * Usage: {@code SqliteContention [threads] [seconds]}; defaults 16 threads, 5 seconds per set-up.
 */
public final class SqliteContention {

	private SqliteContention() {
	}

	public static void main(String[] args) throws Exception {
		int threads = (args.length > 0) ? Integer.parseInt(args[0]) : 16;
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		Path directory = Files.createTempDirectory("cloacina-bench");
		System.out.printf("SQLite read-modify-write, %d threads, %d s per set-up, sqlite-jdbc %s%n", threads, seconds,
				org.sqlite.JDBC.class.getPackage().getImplementationVersion());

		Result boot = run("boot-defaults", threads, seconds, directory, (file) -> {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl("jdbc:sqlite:" + file);
			return dataSource;
		});
		Result obvious = run("wal+immediate pool4", threads, seconds, directory, (file) -> {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl("jdbc:sqlite:" + file);
			Properties properties = new Properties();
			properties.setProperty("journal_mode", "WAL");
			properties.setProperty("synchronous", "NORMAL");
			properties.setProperty("busy_timeout", "30000");
			properties.setProperty("transaction_mode", "IMMEDIATE");
			dataSource.setDataSourceProperties(properties);
			dataSource.setMaximumPoolSize(4);
			return dataSource;
		});
		Result starter = run("cloacina starter", threads, seconds, directory,
				(file) -> CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://" + file)).build());
		Result ceiling = run("ceiling 1 thread", 1, seconds, directory, (file) -> {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl("jdbc:sqlite:" + file);
			Properties properties = new Properties();
			properties.setProperty("journal_mode", "WAL");
			properties.setProperty("synchronous", "NORMAL");
			dataSource.setDataSourceProperties(properties);
			dataSource.setMaximumPoolSize(1);
			return dataSource;
		});
		System.out.println();
		System.out.printf("RATIO starter/ceiling = %.2f (goal >= 0.80: %s)%n", starter.rate() / ceiling.rate(),
				(starter.rate() / ceiling.rate() >= 0.8) ? "PASS" : "MISS");
		System.out.printf("RATIO starter/boot-defaults = %.2f%n", starter.rate() / boot.rate());
		System.out.printf("RATIO starter/wal+immediate-pool4 = %.2f%n", starter.rate() / obvious.rate());
		System.out.printf("starter: errors=%d, unreported commits=%d (goal 0 and 0: %s)%n", starter.errors(),
				starter.unreported(), (starter.errors() == 0 && starter.unreported() == 0) ? "PASS" : "MISS");
	}

	private static Result run(String name, int threads, int seconds, Path directory,
			Function<Path, DataSource> factory) throws Exception {
		Path file = directory.resolve(name.replaceAll("[^a-z0-9]", "-") + ".db");
		DataSource dataSource = factory.apply(file);
		try {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			jdbc.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
			jdbc.execute("CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, worker INTEGER, seen INTEGER)");
			jdbc.update("INSERT INTO counter (id, value) VALUES (1, 0)");
			AtomicLong commits = new AtomicLong();
			AtomicLong errors = new AtomicLong();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			long start = System.nanoTime();
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int worker = t;
				futures.add(pool.submit(() -> {
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
			for (Future<?> future : futures) {
				future.get(seconds + 120L, TimeUnit.SECONDS);
			}
			double elapsed = (System.nanoTime() - start) / 1e9;
			pool.shutdown();
			long rows = jdbc.queryForObject("SELECT count(*) FROM event", Long.class);
			long counter = jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class);
			Result result = new Result(commits.get() / elapsed, commits.get(), errors.get(), rows - commits.get(),
					counter);
			System.out.printf("%-22s %9.0f tx/s  commits=%d errors=%d (%.1f%%) rows=%d counter=%d "
					+ "rows-written-but-reported-failed=%d%n", name, result.rate(), result.commits(), result.errors(),
					100.0 * result.errors() / Math.max(1, result.commits() + result.errors()), rows, counter,
					result.unreported());
			return result;
		}
		finally {
			if (dataSource instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	private record Result(double rate, long commits, long errors, long unreported, long counter) {
	}

}
