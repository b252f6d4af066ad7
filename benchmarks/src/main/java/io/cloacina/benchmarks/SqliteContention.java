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
 * <li>{@code starter}: the starter's defaults, 8 writers + 8 readers; {@code starter_aa}: the same
 * again, the A/A control;</li>
 * <li>{@code expert_deferred}, {@code expert_immediate}: what a user who read SQLite's documentation
 * would run without the starter: HikariCP + sqlite-jdbc with the starter's own settings
 * ({@code journal_mode=WAL}, {@code synchronous=NORMAL}, {@code busy_timeout=30000},
 * {@code foreign_keys=true}, the same pool size) and sqlite-jdbc's {@code transaction_mode}
 * {@code DEFERRED} (its default) or {@code IMMEDIATE}; 8 writers + 8 readers;</li>
 * <li>{@code boot}: plain Spring Boot, {@code spring.datasource.url=jdbc:sqlite:<file>} and Boot's
 * defaults (HikariDataSource, pool 10, no pragmas), 8 writers + 8 readers: a second line, the
 * set-up of a user who did not read the documentation;</li>
 * <li>{@code ceiling}: one thread, one connection, the same transaction, WAL + synchronous=NORMAL;
 * {@code starter_writers_only}: the starter with the 8 writers and no readers, against it.</li>
 * </ul>
 * Goals: starter &gt;= 1.5x each expert set-up with the same readers, with 0 errors; starter writers
 * alone &gt;= 0.8x the ceiling. Error rates are over all attempts, writers' and readers'. Usage:
 * {@code SqliteContention [seconds] [rounds]}; quick mode 2 s x 5 rounds, long mode 5 s x 9.
 */
public final class SqliteContention {

	private static final int WRITERS = 8;

	private static final int READERS = 8;

	private SqliteContention() {
	}

	public static void main(String[] args) throws Exception {
		boolean longMode = Bench.longMode();
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : (longMode ? 5 : 2);
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : (longMode ? 9 : 5);
		Path directory = Files.createTempDirectory("cloacina-bench");
		System.out.printf("# SQLite read-modify-write, %d writers + %d readers, %d s x %d alternating rounds, "
				+ "sqlite-jdbc %s%n", WRITERS, READERS, seconds, rounds,
				org.sqlite.SQLiteJDBCLoader.getVersion());

		Map<String, Setup> setups = new LinkedHashMap<>();
		setups.put("starter", new Setup(WRITERS, READERS, SqliteContention::starter));
		setups.put("starter_aa", new Setup(WRITERS, READERS, SqliteContention::starter));
		setups.put("expert_deferred", new Setup(WRITERS, READERS, (file) -> expert(file, "DEFERRED")));
		setups.put("expert_immediate", new Setup(WRITERS, READERS, (file) -> expert(file, "IMMEDIATE")));
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
		setups.put("starter_writers_only", new Setup(WRITERS, 0, SqliteContention::starter));

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
			long attempts = results.get(name).stream().mapToLong(ReadModifyWrite.Result::attempts).sum();
			Bench.bench("sqlite_rmw_" + name + "_error_rate", 100.0 * errors / Math.max(1, attempts), "%");
			// Rows written beyond the commits reported: commits reported failed that had been written.
			long unreported = results.get(name).stream().mapToLong((r) -> r.counter() - r.commits()).sum();
			Bench.bench("sqlite_rmw_" + name + "_written_but_reported_failed", unreported, "transactions");
		}
		List<Double> control = perRound(results, "starter_aa", "starter");
		Bench.ratio("sqlite_rmw_starter_vs_expert_deferred", perRound(results, "starter", "expert_deferred"), control,
				">=", 1.5);
		Bench.ratio("sqlite_rmw_starter_vs_expert_immediate", perRound(results, "starter", "expert_immediate"),
				control, ">=", 1.5);
		// The writers' goal alone hides what a set-up does to its readers: reads and all work, too.
		for (String expert : List.of("expert_deferred", "expert_immediate")) {
			Bench.ratio("sqlite_rmw_starter_vs_" + expert + "_reads",
					perRound(results, "starter", expert, ReadModifyWrite.Result::readRate), control, null, 0);
			Bench.ratio("sqlite_rmw_starter_vs_" + expert + "_all_transactions",
					perRound(results, "starter", expert, (r) -> r.rate() + r.readRate()), control, null, 0);
		}
		Bench.ratio("sqlite_rmw_starter_vs_boot", perRound(results, "starter", "boot"), control, null, 0);
		Bench.ratio("sqlite_rmw_starter_writers_only_vs_ceiling", perRound(results, "starter_writers_only", "ceiling"),
				null, ">=", 0.8);
		long starterErrors = 0;
		boolean consistent = true;
		for (String name : List.of("starter", "starter_aa", "starter_writers_only")) {
			for (ReadModifyWrite.Result r : results.get(name)) {
				starterErrors += r.errors() + r.readErrors();
				consistent &= r.consistent();
			}
		}
		Bench.check("sqlite_rmw_starter_zero_errors", starterErrors == 0, "errors=" + starterErrors);
		Bench.check("sqlite_rmw_starter_counter_equals_commits", consistent,
				"counter = event rows = reported commits in every round");
	}

	private static DataSource starter(Path file) {
		CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://" + file)).build();
		return dataSource;
	}

	/** HikariCP + sqlite-jdbc with the starter's settings and pool size, and a transaction mode. */
	private static DataSource expert(Path file, String transactionMode) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:sqlite:" + file);
		Properties properties = new Properties();
		properties.setProperty("journal_mode", "WAL");
		properties.setProperty("synchronous", "NORMAL");
		properties.setProperty("busy_timeout", "30000");
		properties.setProperty("foreign_keys", "true");
		properties.setProperty("transaction_mode", transactionMode);
		dataSource.setDataSourceProperties(properties);
		dataSource.setMaximumPoolSize(Bench.starterSqlitePoolSize());
		return dataSource;
	}

	/** Per-round ratios of the writes of two set-ups measured in the same round. */
	private static List<Double> perRound(Map<String, List<ReadModifyWrite.Result>> results, String subject,
			String baseline) {
		return perRound(results, subject, baseline, ReadModifyWrite.Result::rate);
	}

	/** Per-round ratios of a figure of two set-ups measured in the same round. */
	private static List<Double> perRound(Map<String, List<ReadModifyWrite.Result>> results, String subject,
			String baseline, java.util.function.ToDoubleFunction<ReadModifyWrite.Result> figure) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < results.get(subject).size(); i++) {
			ratios.add(figure.applyAsDouble(results.get(subject).get(i))
					/ figure.applyAsDouble(results.get(baseline).get(i)));
		}
		return ratios;
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
