package io.cloacina.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;

/**
 * Read-modify-write transactions (read a counter, insert an event row, write the counter back)
 * through JdbcTemplate + TransactionTemplate on a SQLite file, from writer threads, while reader
 * threads run read-only transactions. Set-ups, measured in alternating rounds (order rotated each
 * round) so that each ratio compares figures taken close together on a shared machine:
 * <ul>
 * <li>{@code starter}: the starter's defaults, 8 writers + 8 readers;</li>
 * <li>{@code boot}: plain Spring Boot, {@code spring.datasource.url=jdbc:sqlite:<file>} and Boot's
 * defaults (HikariDataSource, pool 10, no pragmas), 8 writers + 8 readers;</li>
 * <li>{@code ceiling}: one thread, one connection, the same transaction, WAL + synchronous=NORMAL;</li>
 * <li>{@code ceiling_with_readers}: the ceiling's single writer thread, plus the 8 readers on
 * connections of their own from the same plain pool (diagnostic: the ceiling under the same CPU load);</li>
 * <li>{@code starter_writers_only}: the starter with the 8 writers and no readers (diagnostic: shows
 * what the readers' CPU share costs the writers on 2 cores).</li>
 * </ul>
 * Usage: {@code SqliteContention [seconds] [rounds]}; quick mode 3 s x 3 rounds, long mode 10 s x 5.
 */
public final class SqliteContention {

	private static final int WRITERS = 8;

	private static final int READERS = 8;

	private SqliteContention() {
	}

	public static void main(String[] args) throws Exception {
		boolean longMode = Bench.longMode();
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : (longMode ? 10 : 3);
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : (longMode ? 5 : 3);
		Path directory = Files.createTempDirectory("cloacina-bench");
		System.out.printf("# SQLite read-modify-write, %d writers + %d readers, %d s x %d alternating rounds, "
				+ "sqlite-jdbc %s%n", WRITERS, READERS, seconds, rounds,
				org.sqlite.SQLiteJDBCLoader.getVersion());

		Map<String, Setup> setups = new LinkedHashMap<>();
		setups.put("starter", new Setup(WRITERS, READERS,
				(file) -> CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://" + file)).build()));
		setups.put("boot", new Setup(WRITERS, READERS, (file) -> {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl("jdbc:sqlite:" + file);
			return dataSource;
		}));
		setups.put("ceiling", new Setup(1, 0, (file) -> {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl("jdbc:sqlite:" + file);
			Properties properties = new Properties();
			properties.setProperty("journal_mode", "WAL");
			properties.setProperty("synchronous", "NORMAL");
			dataSource.setDataSourceProperties(properties);
			dataSource.setMaximumPoolSize(1);
			return dataSource;
		}));
		setups.put("ceiling_with_readers", new Setup(1, READERS, (file) -> {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl("jdbc:sqlite:" + file);
			Properties properties = new Properties();
			properties.setProperty("journal_mode", "WAL");
			properties.setProperty("synchronous", "NORMAL");
			properties.setProperty("busy_timeout", "30000");
			dataSource.setDataSourceProperties(properties);
			dataSource.setMaximumPoolSize(1 + READERS);
			return dataSource;
		}));
		setups.put("starter_writers_only", new Setup(WRITERS, 0,
				(file) -> CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://" + file)).build()));

		List<String> names = new ArrayList<>(setups.keySet());
		// Warm-up: every set-up once, not counted.
		for (String name : names) {
			run(name, setups.get(name), 1, directory);
		}
		Map<String, List<ReadModifyWrite.Result>> results = new LinkedHashMap<>();
		names.forEach((name) -> results.put(name, new ArrayList<>()));
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < names.size(); i++) {
				String name = names.get((round + i) % names.size());
				ReadModifyWrite.Result result = run(name, setups.get(name), seconds, directory);
				results.get(name).add(result);
				System.out.printf("# round %d %-22s %9.0f writes/s %9.0f reads/s commits=%d errors=%d "
						+ "reader-errors=%d rows=%d counter=%d%n", round, name, result.rate(), result.readRate(),
						result.commits(), result.errors(), result.readErrors(), result.rows(), result.counter());
			}
		}
		for (String name : names) {
			Bench.bench("sqlite_rmw_" + name + "_writes", median(results.get(name), ReadModifyWrite.Result::rate), "tx/s");
			if (setups.get(name).readers() > 0) {
				Bench.bench("sqlite_rmw_" + name + "_reads", median(results.get(name), ReadModifyWrite.Result::readRate), "tx/s");
			}
			long errors = results.get(name).stream().mapToLong((r) -> r.errors() + r.readErrors()).sum();
			long attempts = results.get(name).stream().mapToLong((r) -> r.commits() + r.errors()).sum();
			Bench.bench("sqlite_rmw_" + name + "_error_rate", 100.0 * errors / Math.max(1, attempts), "%");
		}
		Bench.ratio("sqlite_rmw_starter_vs_ceiling", perRound(results, "starter", "ceiling"), ">=", 0.8);
		Bench.ratio("sqlite_rmw_starter_vs_boot", perRound(results, "starter", "boot"));
		Bench.ratio("sqlite_rmw_starter_writers_only_vs_ceiling", perRound(results, "starter_writers_only", "ceiling"));
		Bench.ratio("sqlite_rmw_starter_vs_ceiling_with_readers", perRound(results, "starter", "ceiling_with_readers"));
		long starterErrors = 0;
		boolean consistent = true;
		for (String name : List.of("starter", "starter_writers_only")) {
			for (ReadModifyWrite.Result r : results.get(name)) {
				starterErrors += r.errors() + r.readErrors();
				consistent &= (r.counter() == r.commits()) && (r.rows() == r.commits());
			}
		}
		Bench.check("sqlite_rmw_starter_zero_errors", starterErrors == 0, "errors=" + starterErrors);
		Bench.check("sqlite_rmw_starter_counter_equals_commits", consistent,
				"counter = event rows = reported commits in every round");
	}

	/** Median over rounds of the ratio of two set-ups measured in the same round. */
	private static double perRound(Map<String, List<ReadModifyWrite.Result>> results, String subject, String baseline) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < results.get(subject).size(); i++) {
			ratios.add(results.get(subject).get(i).rate() / results.get(baseline).get(i).rate());
		}
		return Bench.median(ratios);
	}

	private static double median(List<ReadModifyWrite.Result> results, java.util.function.ToDoubleFunction<ReadModifyWrite.Result> figure) {
		return Bench.median(results.stream().map(figure::applyAsDouble).toList());
	}

	private static ReadModifyWrite.Result run(String name, Setup setup, int seconds, Path directory) throws Exception {
		Path file = directory.resolve(name + ".db");
		for (String suffix : new String[] { "", "-wal", "-shm", "-journal" }) {
			Files.deleteIfExists(directory.resolve(name + ".db" + suffix));
		}
		DataSource dataSource = setup.factory().apply(file);
		try {
			return ReadModifyWrite.run(dataSource, seconds, setup.writers(), setup.readers(), false);
		}
		finally {
			if (dataSource instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	private record Setup(int writers, int readers, Function<Path, DataSource> factory) {
	}

}
