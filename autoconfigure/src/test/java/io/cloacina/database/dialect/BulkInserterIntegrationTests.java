package io.cloacina.database.dialect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.postgresql.PostgresCopyBulkInserter;
import io.cloacina.database.postgresql.PostgresExceptionTranslator;
import io.cloacina.database.sqlite.SqliteBatchBulkInserter;
import io.cloacina.database.sqlite.SqliteExceptionTranslator;
import io.cloacina.database.test.DataSourceTestSupport;
import io.cloacina.database.test.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link BulkInserter} on a SQLite file, shared in-memory SQLite and a real PostgreSQL server.
 */
class BulkInserterIntegrationTests extends DataSourceTestSupport {

	private static final int ROWS = 10_000;

	private static final List<String> COLUMNS = List.of("id", "label", "amount", "ratio", "flag", "uid", "at",
			"data");

	/** Texts that break naive CSV, COPY text format or NULL handling. */
	private static final String[] LABELS = { null, "", "\\N", "\\.", "NULL", "null", " ", "a,b", "\"quoted\"", "\"",
			"\"\"", "'single'", "line1\nline2", "cr\rlf\r\n", "\n", "back\\slash\\", "\\", "tab\tsep", "\\x00",
			",\"\n\\", "unicode żółć 日本 🐢", "trailing space ", "#comment", "a\\.\nb" };

	private static final Instant BASE = Instant.parse("2024-02-29T23:59:59.123456Z");

	private CloacinaDataSource create(TestDatabase database) {
		open(database);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		if (database.backend() == DatabaseBackend.POSTGRESQL) {
			jdbc.execute("CREATE TABLE sample (id BIGINT PRIMARY KEY, label TEXT, amount BIGINT, "
					+ "ratio DOUBLE PRECISION, flag BOOLEAN, uid UUID, at TIMESTAMPTZ, data BYTEA)");
		}
		else {
			jdbc.execute("CREATE TABLE sample (id INTEGER PRIMARY KEY, label TEXT, amount INTEGER, ratio REAL, "
					+ "flag INTEGER, uid BLOB, at TEXT, data BLOB)");
		}
		return this.dataSource;
	}

	private BulkInserter inserter() {
		return bulkInserter(this.dataSource.getBackend(), this.dataSource);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void tenThousandRowsRoundTripExactly(TestDatabase database) {
		create(database);
		long inserted = inserter().insert("sample", COLUMNS, rows(0, ROWS));
		assertThat(inserted).isEqualTo(ROWS);
		List<Row> expected = new ArrayList<>();
		for (int i = 0; i < ROWS; i++) {
			expected.add(Row.of(row(i), database.backend()));
		}
		List<Row> actual = readAll(database.backend());
		assertThat(actual).hasSize(ROWS);
		for (int i = 0; i < ROWS; i++) {
			assertThat(actual.get(i)).as("row %d", i).isEqualTo(expected.get(i));
		}
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		// Spot checks that do not go through the read-back mapping.
		assertThat(jdbc.queryForObject("SELECT count(*) FROM sample WHERE label IS NULL", Integer.class))
			.isEqualTo(expectedCount((label) -> label == null));
		assertThat(jdbc.queryForObject("SELECT count(*) FROM sample WHERE label = ''", Integer.class))
			.isEqualTo(expectedCount(""::equals));
		assertThat(jdbc.queryForObject("SELECT count(*) FROM sample WHERE label = ?", Integer.class, "\\N"))
			.isEqualTo(expectedCount("\\N"::equals));
		assertThat(jdbc.queryForObject("SELECT label FROM sample WHERE id = 3", String.class)).isEqualTo("\\.");
		assertThat(jdbc.queryForObject("SELECT label FROM sample WHERE id = 19", String.class)).isEqualTo(",\"\n\\");
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void sqliteStoresUuidAsBigEndianBlobInstantAsMillisecondTextAndBooleanAsInteger(TestDatabase database) {
		create(database);
		UUID uuid = UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
		Instant at = Instant.parse("2024-01-02T03:04:05.678912345Z");
		inserter().insert("sample", List.of("id", "flag", "uid", "at", "data"),
				List.of(new Object[] { 1L, true, uuid, at, new byte[] { 1, 2 } },
						new Object[] { 2L, false, null, OffsetDateTime.parse("2024-01-02T05:04:05.5+02:00"), null }));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.queryForList(
				"SELECT typeof(flag) || ' ' || flag || ' ' || typeof(uid) || ' ' || hex(uid) || ' ' || typeof(at) "
						+ "|| ' ' || at || ' ' || typeof(data) FROM sample WHERE id = 1",
				String.class))
			.containsExactly("integer 1 blob F81D4FAE7DEC11D0A76500A0C91E6BF6 text 2024-01-02T03:04:05.678Z blob");
		assertThat(jdbc.queryForList("SELECT typeof(flag) || ' ' || flag || ' ' || typeof(uid) || ' ' || at "
				+ "FROM sample WHERE id = 2", String.class))
			.containsExactly("integer 0 null 2024-01-02T03:04:05.500Z");
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void sqliteTimestampTextSortsInTimeOrder(TestDatabase database) {
		create(database);
		inserter().insert("sample", COLUMNS, rows(0, ROWS));
		List<Long> byText = new JdbcTemplate(this.dataSource)
			.queryForList("SELECT id FROM sample WHERE at IS NOT NULL ORDER BY at", Long.class);
		List<Long> byTime = new ArrayList<>();
		for (int i = 0; i < ROWS; i++) {
			if (row(i)[6] != null) {
				byTime.add((long) i);
			}
		}
		byTime.sort(Comparator.comparing((Long id) -> (Instant) row(id.intValue())[6]));
		assertThat(byText).isEqualTo(byTime);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void otherNumberCharacterAndZonedTypesRoundTrip(TestDatabase database) {
		create(database);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		boolean postgres = database.backend() == DatabaseBackend.POSTGRESQL;
		jdbc.execute(postgres
				? "CREATE TABLE extra (id INTEGER, letter TEXT, big NUMERIC, exact NUMERIC, small REAL, tiny SMALLINT, "
						+ "at TIMESTAMPTZ)"
				: "CREATE TABLE extra (id INTEGER, letter TEXT, big TEXT, exact TEXT, small REAL, tiny INTEGER, at TEXT)");
		BigInteger big = BigInteger.TWO.pow(70).negate();
		BigDecimal exact = new BigDecimal("12345678901234567890.000000000000000001");
		ZonedDateTime at = ZonedDateTime.of(2024, 7, 1, 12, 30, 15, 250_000_000, ZoneId.of("Europe/Warsaw"));
		assertThat(inserter().insert("extra", List.of("id", "letter", "big", "exact", "small", "tiny", "at"),
				List.<Object[]>of(new Object[] { 1, '"', big, exact, 1.5f, (short) -7, at },
						new Object[] { 2, ',', BigInteger.ONE, new BigDecimal("1E+3"), Float.MAX_VALUE, (byte) 5, null },
						new Object[] { 3, null, null, null, null, null, Instant.parse("-0043-03-15T12:00:00.5Z") },
						new Object[] { 4, null, null, null, null, null, Instant.parse("+12345-06-07T08:09:10Z") })))
			.isEqualTo(4);
		List<String> rows = jdbc.query("SELECT id, letter, big, exact, small, tiny, at FROM extra ORDER BY id",
				(rs, rowNum) -> rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
						+ ((rs.getBigDecimal(4) != null) ? rs.getBigDecimal(4).toPlainString() : null) + "|" + rs.getFloat(5) + "|" + rs.getInt(6) + "|"
						+ (postgres && rs.getObject(7) != null ? rs.getObject(7, OffsetDateTime.class).toInstant()
								: rs.getString(7)));
		assertThat(rows).containsExactly(
				"1|\"|-1180591620717411303424|12345678901234567890.000000000000000001|1.5|-7|2024-07-01T10:30:15.250Z",
				"2|,|1|1000|" + Float.MAX_VALUE + "|5|null",
				"3|null|null|null|0.0|0|-0043-03-15T12:00:00.500Z",
				"4|null|null|null|0.0|0|" + (postgres ? "+12345-06-07T08:09:10Z" : "+12345-06-07T08:09:10.000Z"));
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void valuesLargerThanTheStreamingChunkRoundTrip(TestDatabase database) {
		create(database);
		String big = "żółw 🐢,\"\\\n".repeat(40_000);
		byte[] bytes = new byte[300_000];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) (i * 31);
		}
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			rows.add(new Object[] { (long) i, big + i, (i % 2 == 0) ? bytes : null });
		}
		assertThat(inserter().insert("sample", List.of("id", "label", "data"), rows)).isEqualTo(20);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		for (int i = 0; i < 20; i++) {
			assertThat(jdbc.queryForObject("SELECT label FROM sample WHERE id = ?", String.class, i)).isEqualTo(big + i);
			assertThat(jdbc.queryForObject("SELECT data FROM sample WHERE id = ?", byte[].class, i))
				.isEqualTo((i % 2 == 0) ? bytes : null);
		}
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aFailingRowLeavesNoRowsWhenNoTransactionIsActive(TestDatabase database) {
		create(database);
		List<Object[]> rows = rows(0, ROWS);
		rows.get(6_500)[0] = 10L; // duplicate key well after the first batches
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> inserter().insert("sample", COLUMNS, rows));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM sample", Integer.class)).isZero();
		assertThat(this.dataSource.getHikariPoolMXBean().getActiveConnections()).isZero();
		// The connection went back clean: the next bulk insert and a plain write work.
		assertThat(inserter().insert("sample", COLUMNS, rows(0, 100))).isEqualTo(100);
		jdbc.update("INSERT INTO sample (id) VALUES (?)", -1L);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM sample", Integer.class)).isEqualTo(101);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void anUnsupportedValueTypeLeavesNoRows(TestDatabase database) {
		create(database);
		List<Object[]> rows = rows(0, ROWS);
		rows.get(7_000)[1] = new Object();
		assertThatIllegalArgumentException().isThrownBy(() -> inserter().insert("sample", COLUMNS, rows))
			.withMessageContaining("java.lang.Object in row 7000, column label");
		assertThat(new JdbcTemplate(this.dataSource).queryForObject("SELECT count(*) FROM sample", Integer.class))
			.isZero();
		assertThat(this.dataSource.getHikariPoolMXBean().getActiveConnections()).isZero();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void joinsASpringTransactionAndRollsBackWithIt(TestDatabase database) {
		create(database);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		Integer seenInside = transactions.execute((status) -> {
			jdbc.update("INSERT INTO sample (id) VALUES (?)", -1L);
			inserter().insert("sample", COLUMNS, rows(0, ROWS));
			Integer count = jdbc.queryForObject("SELECT count(*) FROM sample", Integer.class);
			status.setRollbackOnly();
			return count;
		});
		assertThat(seenInside).isEqualTo(ROWS + 1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM sample", Integer.class)).isZero();
		transactions.executeWithoutResult((status) -> {
			jdbc.update("INSERT INTO sample (id) VALUES (?)", -1L);
			inserter().insert("sample", COLUMNS, rows(0, ROWS));
		});
		assertThat(jdbc.queryForObject("SELECT count(*) FROM sample", Integer.class)).isEqualTo(ROWS + 1);
		assertThat(this.dataSource.getHikariPoolMXBean().getActiveConnections()).isZero();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aFailureInsideATransactionUndoesOnlyTheBulkInsert(TestDatabase database) {
		create(database);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		List<Object[]> rows = rows(0, ROWS);
		rows.get(6_500)[0] = 10L;
		transactions.executeWithoutResult((status) -> {
			jdbc.update("INSERT INTO sample (id) VALUES (?)", -1L);
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> inserter().insert("sample", COLUMNS, rows));
			// Nothing of the bulk insert is left and the transaction can go on (on PostgreSQL, too).
			assertThat(jdbc.queryForObject("SELECT count(*) FROM sample", Integer.class)).isEqualTo(1);
			jdbc.update("INSERT INTO sample (id) VALUES (?)", -2L);
		});
		assertThat(jdbc.queryForList("SELECT id FROM sample ORDER BY id", Long.class)).containsExactly(-2L, -1L);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void invalidInputIsRejectedBeforeAnySqlRuns(TestDatabase database) {
		create(database);
		AtomicInteger borrowed = new AtomicInteger();
		DelegatingDataSource counting = new DelegatingDataSource(this.dataSource) {

			@Override
			public Connection getConnection() throws SQLException {
				borrowed.incrementAndGet();
				return super.getConnection();
			}

		};
		BulkInserter inserter = bulkInserter(database.backend(), counting);
		List<Object[]> oneRow = List.<Object[]>of(new Object[] { 1L, "x" });
		for (String table : Arrays.asList("sample; DROP TABLE sample", "sample\"", "1sample", "", "a.b.c", "sam ple",
				"sample--", "\"sample\"", null)) {
			assertThatIllegalArgumentException().as("table %s", table)
				.isThrownBy(() -> inserter.insert(table, List.of("id", "label"), oneRow));
		}
		for (String column : Arrays.asList("label) SELECT 1; --", "label, id", "la\"bel", "", "sample.label.x",
				null)) {
			assertThatIllegalArgumentException().as("column %s", column)
				.isThrownBy(() -> inserter.insert("sample", Arrays.asList("id", column), oneRow));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> inserter.insert("sample", List.of(), oneRow));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> inserter.insert("sample", List.of("id", "label"), List.<Object[]>of(new Object[] { 1L })));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> inserter.insert("sample", List.of("id", "label"), Arrays.asList(oneRow.get(0), null)));
		assertThat(inserter.insert("sample", List.of("id", "label"), List.of())).isZero();
		assertThat(borrowed).hasValue(0);
		assertThat(new JdbcTemplate(this.dataSource).queryForObject("SELECT count(*) FROM sample", Integer.class))
			.isZero();
		// The same inserter works once the input is valid.
		assertThat(inserter.insert("sample", List.of("id", "label"), oneRow)).isEqualTo(1);
		assertThat(borrowed).hasValue(1);
	}

	private static int expectedCount(java.util.function.Predicate<String> label) {
		int count = 0;
		for (int i = 0; i < ROWS; i++) {
			if (label.test((String) row(i)[1])) {
				count++;
			}
		}
		return count;
	}

	private static List<Object[]> rows(int from, int to) {
		List<Object[]> rows = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			rows.add(row(i));
		}
		return rows;
	}

	/** Row {@code i}: every column's value depends on {@code i} only, with nulls and edge values mixed in. */
	private static Object[] row(int i) {
		String label = (i < LABELS.length) ? LABELS[i]
				: (i % 10 == 0) ? null : "row " + i + LABELS[1 + i % (LABELS.length - 1)];
		Long amount = (i % 11 == 5) ? null : i * 1_000_003L - 5_000_000_000L;
		Double ratio = (i % 9 == 4) ? null : (i - 5_000) * 0.25;
		Boolean flag = switch (i % 3) {
			case 0 -> true;
			case 1 -> false;
			default -> null;
		};
		UUID uid = (i % 13 == 0) ? null : new UUID(i * 0x9E3779B97F4A7C15L, ~(long) i);
		// A permutation of 10,000 distinct seconds, so that time order is not id order.
		Instant at = (i % 19 == 0) ? null : BASE.plusSeconds((i * 7_919L) % 10_000).plusNanos((i % 1_000) * 1_000L);
		byte[] data = null;
		if (i % 23 != 0) {
			data = new byte[i % 6];
			for (int b = 0; b < data.length; b++) {
				data[b] = (byte) ("\\,\"\n\0".charAt(b % 5) + i * b);
			}
		}
		return new Object[] { (long) i, label, amount, ratio, flag, uid, at, data };
	}

	private List<Row> readAll(DatabaseBackend backend) {
		return new JdbcTemplate(this.dataSource).query("SELECT " + String.join(", ", COLUMNS) + " FROM sample ORDER BY id",
				(rs, rowNum) -> Row.read(rs, backend));
	}

	/** A row in comparable form: bytes as hex, instants as both backends store them (milliseconds). */
	private record Row(long id, String label, Long amount, Double ratio, Boolean flag, UUID uid, Instant at,
			String data) {

		static Row of(Object[] values, DatabaseBackend backend) {
			Instant at = (Instant) values[6];
			if (at != null) {
				at = at.truncatedTo(ChronoUnit.MILLIS);
			}
			return new Row((Long) values[0], (String) values[1], (Long) values[2], (Double) values[3],
					(Boolean) values[4], (UUID) values[5], at, hex((byte[]) values[7]));
		}

		static Row read(ResultSet rs, DatabaseBackend backend) throws SQLException {
			long id = rs.getLong("id");
			String label = rs.getString("label");
			long amount = rs.getLong("amount");
			Long amountOrNull = rs.wasNull() ? null : amount;
			double ratio = rs.getDouble("ratio");
			Double ratioOrNull = rs.wasNull() ? null : ratio;
			String data = hex(rs.getBytes("data"));
			if (backend == DatabaseBackend.POSTGRESQL) {
				OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
				return new Row(id, label, amountOrNull, ratioOrNull, (Boolean) rs.getObject("flag"),
						rs.getObject("uid", UUID.class), (at != null) ? at.toInstant() : null, data);
			}
			int flag = rs.getInt("flag");
			Boolean flagOrNull = rs.wasNull() ? null : flag == 1;
			byte[] uid = rs.getBytes("uid");
			UUID uuid = null;
			if (uid != null) {
				assertThat(uid).hasSize(16);
				ByteBuffer buffer = ByteBuffer.wrap(uid);
				uuid = new UUID(buffer.getLong(), buffer.getLong());
			}
			String at = rs.getString("at");
			return new Row(id, label, amountOrNull, ratioOrNull, flagOrNull, uuid, (at != null) ? Instant.parse(at) : null,
					data);
		}

		private static String hex(byte[] bytes) {
			return (bytes != null) ? "x" + HexFormat.of().formatHex(bytes) : null;
		}

	}

	private static BulkInserter bulkInserter(DatabaseBackend backend, DataSource dataSource) {
		return (backend == DatabaseBackend.POSTGRESQL)
				? new PostgresCopyBulkInserter(dataSource, new PostgresExceptionTranslator())
				: new SqliteBatchBulkInserter(dataSource, new SqliteExceptionTranslator());
	}

}
