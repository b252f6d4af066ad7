package io.cloacina.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.BulkInserter;
import io.cloacina.database.postgresql.PostgresValueCodec;
import io.cloacina.database.sqlite.SqliteValueCodec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link BulkInserter} against {@code JdbcTemplate.batchUpdate} of the same rows, each in one
 * transaction, on PostgreSQL (embedded server) and on a SQLite file. Rounds alternate between the
 * contenders, with the order rotated each round, after one warm-up round that is not counted; each
 * figure is the median of the rounds.
 * <p>
 * The rows are {@code (id bigint, name text, amount bigint, created_at timestamp)}. The batchUpdate
 * baseline gets its values already in the form its driver binds natively ({@code OffsetDateTime} on
 * PostgreSQL, the starter's millisecond UTC text on SQLite), converted before the clock starts; the
 * bulk inserter converts {@code Instant}s itself, on the clock.
 * <p>
 * Usage: {@code BulkInsertBenchmark [rows] [rounds]}; defaults 100,000 rows, 9 rounds (long mode 15). Ratios are
 * medians of the per-round ratios with their 90% interval; the A/A control is {@code batchUpdate}
 * against itself. Goals: bulk &gt;= 2x {@code batchUpdate} on PostgreSQL, &gt;= 1.5x on SQLite.
 */
public final class BulkInsertBenchmark {

	private static final String INSERT = "INSERT INTO item (id, name, amount, created_at) VALUES (?, ?, ?, ?)";

	private static final List<String> COLUMNS = List.of("id", "name", "amount", "created_at");

	private BulkInsertBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : (Bench.longMode() ? 15 : 9);
		List<Object[]> data = rows(rows);
		postgres(data, rounds);
		sqlite(data, rounds);
	}

	private static void postgres(List<Object[]> data, int rounds) throws Exception {
		List<Object[]> batchData = convert(data, (instant) -> new PostgresValueCodec().timestamp(instant).getValue());
		try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
			String url = "postgresql://postgres@localhost:" + server.getPort() + "/postgres";
			try (CloacinaDataSource starter = CloacinaDataSource.builder(DatabaseUrl.parse(url)).build();
					CloacinaDataSource plain = CloacinaDataSource.builder(DatabaseUrl.parse(url))
						.properties(Map.of("reWriteBatchedInserts", "false"))
						.build()) {
				new JdbcTemplate(starter).execute(
						"CREATE TABLE item (id BIGINT PRIMARY KEY, name TEXT, amount BIGINT, created_at TIMESTAMPTZ)");
				Contender bulk = new Contender("BulkInserter (COPY FROM STDIN)",
						() -> bulk(starter, data, "TRUNCATE item"));
				Contender batch = new Contender("batchUpdate, starter default (reWriteBatchedInserts=true)",
						() -> batchUpdate(starter, batchData, "TRUNCATE item"));
				Contender batchPlain = new Contender("batchUpdate, reWriteBatchedInserts=false",
						() -> batchUpdate(plain, batchData, "TRUNCATE item"));
				Contender batchAgain = new Contender("batchUpdate, starter default, again (A/A)",
						() -> batchUpdate(starter, batchData, "TRUNCATE item"));
				System.out.printf("# PostgreSQL %s, %,d rows (bigint, text, bigint, timestamptz), one transaction each, "
						+ "median of %d alternating rounds after 1 warm-up%n",
						new JdbcTemplate(starter).queryForObject("SHOW server_version", String.class), data.size(),
						rounds);
				measure(rounds, bulk, batch, batchPlain, batchAgain);
				List<Double> control = Contender.ratios(batchAgain, batch);
				Bench.bench("bulk_postgresql_bulk", bulk.median(), "ms");
				Bench.bench("bulk_postgresql_batch_update", batch.median(), "ms");
				Bench.bench("bulk_postgresql_batch_update_no_rewrite", batchPlain.median(), "ms");
				Bench.ratio("bulk_postgresql_bulk_vs_batch_update", Contender.ratios(batch, bulk), control, ">=", 2.0);
				Bench.ratio("bulk_postgresql_bulk_vs_batch_update_no_rewrite", Contender.ratios(batchPlain, bulk),
						control, null, 0);
				Bench.ratio("batch_postgresql_rewrite_vs_no_rewrite", Contender.ratios(batchPlain, batch), control, null,
						0);
			}
		}
	}

	private static void sqlite(List<Object[]> data, int rounds) throws Exception {
		List<Object[]> batchData = convert(data, (instant) -> new SqliteValueCodec().timestamp(instant).getValue());
		Path directory = Files.createTempDirectory("cloacina-bulk");
		Path file = directory.resolve("bulk.db");
		try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://" + file))
			.build()) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER, created_at TEXT)");
			Contender bulk = new Contender("BulkInserter (multi-row INSERT batches)",
					() -> bulk(dataSource, data, "DELETE FROM item"));
			Contender batch = new Contender("batchUpdate", () -> batchUpdate(dataSource, batchData, "DELETE FROM item"));
			Contender batchAgain = new Contender("batchUpdate again (A/A)",
					() -> batchUpdate(dataSource, batchData, "DELETE FROM item"));
			System.out.printf("# SQLite %s file (WAL, synchronous=NORMAL), %,d rows (integer, text, integer, text), "
					+ "one transaction each, median of %d alternating rounds after 1 warm-up%n",
					jdbc.queryForObject("SELECT sqlite_version()", String.class), data.size(), rounds);
			measure(rounds, bulk, batch, batchAgain);
			Bench.bench("bulk_sqlite_bulk", bulk.median(), "ms");
			Bench.bench("bulk_sqlite_batch_update", batch.median(), "ms");
			Bench.ratio("bulk_sqlite_bulk_vs_batch_update", Contender.ratios(batch, bulk),
					Contender.ratios(batchAgain, batch), ">=", 1.5);
		}
		finally {
			for (String suffix : new String[] { "", "-wal", "-shm" }) {
				Files.deleteIfExists(directory.resolve("bulk.db" + suffix));
			}
			Files.deleteIfExists(directory);
		}
	}

	/** One warm-up round, then {@code rounds} rounds, each running every contender once in a rotated order. */
	private static void measure(int rounds, Contender... contenders) {
		for (Contender contender : contenders) {
			contender.run.run();
		}
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < contenders.length; i++) {
				Contender contender = contenders[(round + i) % contenders.length];
				contender.millis.add(contender.run.run());
			}
		}
		for (Contender contender : contenders) {
			System.out.printf("#   %-58s median %8.1f ms  rounds %s%n", contender.name, contender.median(),
					contender.millis.stream().map((millis) -> String.format("%.0f", millis)).toList());
		}
	}

	private static double bulk(CloacinaDataSource dataSource, List<Object[]> data, String clear) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute(clear);
		BulkInserter inserter = Bench.bulkInserter(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		long start = System.nanoTime();
		Long inserted = transactions.execute((status) -> inserter.insert("item", COLUMNS, data));
		double millis = (System.nanoTime() - start) / 1e6;
		check(jdbc, data.size(), inserted);
		return millis;
	}

	private static double batchUpdate(CloacinaDataSource dataSource, List<Object[]> data, String clear) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute(clear);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		long start = System.nanoTime();
		transactions.executeWithoutResult((status) -> jdbc.batchUpdate(INSERT, data));
		double millis = (System.nanoTime() - start) / 1e6;
		check(jdbc, data.size(), null);
		return millis;
	}

	private static void check(JdbcTemplate jdbc, int rows, Long reported) {
		Long count = jdbc.queryForObject("SELECT count(*) FROM item", Long.class);
		if (count == null || count != rows || (reported != null && reported != rows)) {
			throw new IllegalStateException("Expected " + rows + " rows, found " + count + ", reported " + reported);
		}
	}

	private static List<Object[]> rows(int rows) {
		Instant base = Instant.parse("2025-01-01T00:00:00Z");
		List<Object[]> data = new ArrayList<>(rows);
		for (int i = 0; i < rows; i++) {
			data.add(new Object[] { (long) i, "item-" + i, (long) i * 7, base.plusMillis(i * 1_001L) });
		}
		return data;
	}

	private static List<Object[]> convert(List<Object[]> data, Function<Instant, Object> timestamp) {
		List<Object[]> converted = new ArrayList<>(data.size());
		for (Object[] row : data) {
			converted.add(new Object[] { row[0], row[1], row[2], timestamp.apply((Instant) row[3]) });
		}
		return converted;
	}

	private interface Measurement {

		double run();

	}

	private static final class Contender {

		private final String name;

		private final Measurement run;

		private final List<Double> millis = new ArrayList<>();

		Contender(String name, Measurement run) {
			this.name = name;
			this.run = run;
		}

		/** Per-round ratios of two contenders' times in the same round: how much faster {@code faster} is. */
		static List<Double> ratios(Contender slower, Contender faster) {
			return Bench.ratios(slower.millis, faster.millis);
		}

		double median() {
			double[] sorted = this.millis.stream().mapToDouble(Double::doubleValue).toArray();
			Arrays.sort(sorted);
			return sorted[sorted.length / 2];
		}

	}

}
