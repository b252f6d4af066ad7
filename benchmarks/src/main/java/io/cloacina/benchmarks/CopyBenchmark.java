package io.cloacina.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.copy.CopyProgress;
import io.cloacina.database.copy.CopyReport;
import io.cloacina.database.copy.DatabaseCopy;
import io.cloacina.database.dialect.BulkInserter;
import io.cloacina.database.postgresql.PostgresDialect;
import io.cloacina.database.sqlite.SqliteDialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link DatabaseCopy} of a SQLite file to PostgreSQL against the physical limit of the target:
 * {@code COPY ... FROM STDIN (FORMAT csv)} of the same rows from a CSV file written beforehand (what
 * an expert would do by hand: export, then {@code \copy}), each into an empty table in one
 * transaction, on the same embedded PostgreSQL server. The copy's time includes everything it does:
 * reading SQLite, converting each value, {@code COPY}, resetting the identity, and reading the whole
 * target back to verify counts and checksums; the CSV's time is the load alone.
 * <p>
 * The rows look like an application's: {@code (id identity, uid uuid, name text, status text,
 * context json text of about 400 characters, created_at timestamptz, done boolean, amount bigint)}.
 * The SQLite file is about 1 GB in long mode (256 MB in quick mode). Rounds alternate the contenders
 * with the order rotated, after one warm-up round that is not counted; the A/A control is the CSV
 * load against itself. Goal: the copy within 2x of the CSV load (speed ratio &gt;= 0.5). Run it with a
 * small heap ({@code -Xmx256m}, as {@code run.sh} does, a quarter of the long mode's file) to show that
 * memory does not grow with the file: the {@code CHECK} line passes when the live heap (used after a
 * full GC, sampled every 2 s during the untimed warm-up copy) stays under 64 MB.
 */
public final class CopyBenchmark {

	private static final List<String> COLUMNS = List.of("id", "uid", "name", "status", "context", "created_at", "done",
			"amount");

	private CopyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		long targetBytes = (args.length > 0) ? Long.parseLong(args[0])
				: (Bench.longMode() ? 1L << 30 : 256L << 20);
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : (Bench.longMode() ? 5 : 3);
		Path directory = Files.createTempDirectory("cloacina-copy");
		Path file = directory.resolve("app.db");
		Path csv = directory.resolve("rows.csv");
		String sqliteUrl = "sqlite:" + file;
		try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
			long rows = generate(sqliteUrl, file, targetBytes);
			String postgresUrl = "postgresql://postgres@localhost:" + server.getPort() + "/postgres";
			try (CloacinaDataSource postgres = CloacinaDataSource.builder(DatabaseUrl.parse(postgresUrl)).build()) {
				JdbcTemplate jdbc = new JdbcTemplate(postgres);
				jdbc.execute(schema(new PostgresDialect()));
				long csvBytes = exportCsv(file, csv);
				System.out.printf("# SQLite file %.0f MB, %,d rows; CSV %.0f MB; PostgreSQL %s; max heap %d MB; "
						+ "median of %d alternating rounds after 1 warm-up%n", Files.size(file) / 1e6, rows, csvBytes / 1e6,
						jdbc.queryForObject("SHOW server_version", String.class),
						Runtime.getRuntime().maxMemory() >> 20, rounds);
				List<Double> copy = new ArrayList<>();
				List<Double> load = new ArrayList<>();
				List<Double> loadAgain = new ArrayList<>();
				long[] liveHeap = { -1 };
				// The warm-up copy samples the live heap (used after a full GC) every 2 s; the timed ones do not.
				copy(sqliteUrl, postgres, rows, liveHeap);
				Runnable[] contenders = { () -> copy.add(copy(sqliteUrl, postgres, rows, null)),
						() -> load.add(loadCsv(csv, postgres, rows)), () -> loadAgain.add(loadCsv(csv, postgres, rows)) };
				for (Runnable contender : contenders) {
					contender.run();
				}
				copy.clear();
				load.clear();
				loadAgain.clear();
				for (int round = 0; round < rounds; round++) {
					for (int i = 0; i < contenders.length; i++) {
						contenders[(round + i) % contenders.length].run();
					}
				}
				System.out.printf("#   %-46s median %8.0f ms  rounds %s%n", "DatabaseCopy (read, convert, COPY, verify)",
						Bench.median(copy), copy.stream().map((ms) -> String.format("%.0f", ms)).toList());
				System.out.printf("#   %-46s median %8.0f ms  rounds %s%n", "COPY FROM STDIN of the CSV file", Bench.median(load),
						load.stream().map((ms) -> String.format("%.0f", ms)).toList());
				System.out.printf("#   %-46s median %8.0f ms  rounds %s%n", "the same again (A/A)", Bench.median(loadAgain),
						loadAgain.stream().map((ms) -> String.format("%.0f", ms)).toList());
				double seconds = Bench.median(copy) / 1e3;
				Bench.bench("copy_sqlite_to_postgresql_rows_per_second", rows / seconds, "rows/s");
				Bench.bench("copy_sqlite_to_postgresql_mb_per_second", Files.size(file) / 1e6 / seconds, "MB/s");
				Bench.bench("copy_csv_load_rows_per_second", rows / (Bench.median(load) / 1e3), "rows/s");
				Bench.ratio("copy_sqlite_to_postgresql_vs_csv_copy", Bench.ratios(load, copy), Bench.ratios(loadAgain, load),
						">=", 0.5);
				// Every copy above completed in this heap; constant memory: the live heap stays under 64 MB
				// whatever the file's size.
				Bench.check("copy_constant_memory", liveHeap[0] >= 0 && liveHeap[0] < (64L << 20),
						String.format("%.0f MB SQLite file copied %d times with a %d MB heap; live heap (after a full GC, "
								+ "every 2 s of the warm-up copy) at most %d MB", Files.size(file) / 1e6, copy.size() + 2,
								Runtime.getRuntime().maxMemory() >> 20, liveHeap[0] >> 20));
			}
		}
		finally {
			for (String name : new String[] { "app.db", "app.db-wal", "app.db-shm", "rows.csv" }) {
				Files.deleteIfExists(directory.resolve(name));
			}
			Files.deleteIfExists(directory);
		}
	}

	private static String schema(Object dialect) {
		boolean postgres = dialect instanceof PostgresDialect;
		io.cloacina.database.dialect.DatabaseDialect d = (io.cloacina.database.dialect.DatabaseDialect) dialect;
		return "CREATE TABLE item (id " + d.identityPrimaryKey() + ", uid " + d.uuidType() + " NOT NULL, name TEXT, "
				+ "status TEXT, context " + d.jsonType("context") + ", created_at " + d.timestampType() + ", done "
				+ d.booleanType("done") + ", amount " + (postgres ? "BIGINT" : "INTEGER") + ")";
	}

	/** A SQLite file of about {@code bytes}, written through the starter in chunks (constant memory). */
	private static long generate(String url, Path file, long bytes) {
		long rows = 0;
		try (CloacinaDataSource sqlite = CloacinaDataSource.builder(DatabaseUrl.parse(url)).build()) {
			new JdbcTemplate(sqlite).execute(schema(new SqliteDialect()));
			BulkInserter inserter = Bench.bulkInserter(sqlite);
			Instant base = Instant.parse("2025-01-01T00:00:00Z");
			String padding = "lorem ipsum dolor sit amet ".repeat(12);
			while (size(file) < bytes) {
				List<Object[]> chunk = new ArrayList<>(50_000);
				for (int i = 0; i < 50_000; i++) {
					rows++;
					chunk.add(new Object[] { rows, UUID.nameUUIDFromBytes(Long.toString(rows).getBytes(StandardCharsets.UTF_8)),
							"execution-" + rows, (rows % 3 == 0) ? "COMPLETED" : "READY",
							"{\"n\": " + rows + ", \"note\": \"" + padding + "\", \"ok\": true}", base.plusMillis(rows * 37),
							rows % 2 == 0, rows * 11 });
				}
				inserter.insert("item", COLUMNS, chunk);
			}
		}
		return rows;
	}

	private static long size(Path file) {
		try {
			return Files.exists(file) ? Files.size(file) + sizeOrZero(Path.of(file + "-wal")) : 0;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static long sizeOrZero(Path file) throws java.io.IOException {
		return Files.exists(file) ? Files.size(file) : 0;
	}

	/** The rows as PostgreSQL's CSV input, untimed: what an expert exports before loading. */
	private static long exportCsv(Path file, Path csv) throws Exception {
		try (CloacinaDataSource sqlite = CloacinaDataSource.builder(DatabaseUrl.parse("sqlite:" + file)).build();
				Connection connection = sqlite.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT id, lower(hex(uid)), name, status, context, created_at, "
						+ "done, amount FROM item");
				BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
			while (result.next()) {
				String hex = result.getString(2);
				String uuid = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
						+ hex.substring(16, 20) + "-" + hex.substring(20);
				out.write(result.getLong(1) + "," + uuid + "," + quoted(result.getString(3)) + ","
						+ quoted(result.getString(4)) + "," + quoted(result.getString(5)) + "," + result.getString(6) + ","
						+ (result.getInt(7) == 1 ? "t" : "f") + "," + result.getLong(8) + "\n");
			}
		}
		return Files.size(csv);
	}

	private static String quoted(String text) {
		return '"' + text.replace("\"", "\"\"") + '"';
	}

	/**
	 * One copy into the emptied table, timed.
	 * @param liveHeap where the highest live heap goes, sampled every 2 s, or {@code null} not to sample
	 */
	private static double copy(String sqliteUrl, CloacinaDataSource postgres, long rows, long[] liveHeap) {
		new JdbcTemplate(postgres).execute("TRUNCATE item RESTART IDENTITY");
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long start = System.nanoTime();
		long[] verifying = { 0 };
		long[] sampled = { start };
		CopyReport report = DatabaseCopy.from(sqliteUrl).to(postgres).progress(Duration.ZERO, (line) -> {
			long now = System.nanoTime();
			if (line.phase() == CopyProgress.Phase.VERIFYING && verifying[0] == 0) {
				verifying[0] = now;
			}
			if (liveHeap != null && now - sampled[0] >= 2_000_000_000L) {
				sampled[0] = now;
				memory.gc();
				liveHeap[0] = Math.max(liveHeap[0], memory.getHeapMemoryUsage().getUsed());
			}
		}).run();
		long end = System.nanoTime();
		double millis = (end - start) / 1e6;
		System.out.printf("#     copy %.0f ms: reading, converting and COPY %.0f ms, verifying %.0f ms%s%n", millis,
				(verifying[0] - start) / 1e6, (end - verifying[0]) / 1e6,
				(liveHeap != null) ? " (warm-up, sampling the live heap)" : "");
		if (report.rows() != rows) {
			throw new IllegalStateException("Copied " + report.rows() + " rows, expected " + rows);
		}
		return millis;
	}

	private static double loadCsv(Path csv, CloacinaDataSource postgres, long rows) {
		new JdbcTemplate(postgres).execute("TRUNCATE item RESTART IDENTITY");
		long start = System.nanoTime();
		long loaded;
		try (Connection connection = postgres.getConnection(); InputStream in = new BufferedInputStream(
				Files.newInputStream(csv), 1 << 16)) {
			connection.setAutoCommit(false);
			loaded = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY item (" + String.join(", ", COLUMNS) + ") FROM STDIN (FORMAT csv)", in);
			connection.commit();
		}
		catch (Exception ex) {
			throw new IllegalStateException("CSV load failed", ex);
		}
		double millis = (System.nanoTime() - start) / 1e6;
		if (loaded != rows) {
			throw new IllegalStateException("Loaded " + loaded + " rows, expected " + rows);
		}
		return millis;
	}

}
