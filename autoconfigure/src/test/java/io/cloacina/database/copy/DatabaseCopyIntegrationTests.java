package io.cloacina.database.copy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.dialect.ValueCodec;
import io.cloacina.database.postgresql.PostgresDialect;
import io.cloacina.database.postgresql.PostgresValueCodec;
import io.cloacina.database.sqlite.SqliteDialect;
import io.cloacina.database.sqlite.SqliteValueCodec;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DatabaseCopy} between a real SQLite file and a real PostgreSQL server, both directions.
 */
class DatabaseCopyIntegrationTests {

	private static final Instant AT = Instant.parse("2024-02-29T23:59:59.123Z");

	private static final UUID ID = UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");

	/** Texts that break naive CSV, COPY or NULL handling. */
	private static final List<String> TEXTS = Arrays.asList(null, "", "\\N", "\\.", "NULL", "a,b", "\"quoted\"",
			"line1\nline2", "back\\slash", "unicode żółć 日本 🐢", "trailing ");

	@TempDir
	Path directory;

	private final List<CloacinaDataSource> opened = new ArrayList<>();

	@AfterEach
	void close() {
		this.opened.forEach(CloacinaDataSource::close);
	}

	@Test
	void everyValueTypeOfTheDialectsGoesFromSqliteToPostgresqlAndBackExactly() throws Exception {
		String sqliteUrl = "sqlite:" + this.directory.resolve("app.db");
		JdbcTemplate sqlite = schema(sqliteUrl, new SqliteDialect());
		List<Object[]> rows = rows();
		ValueCodec sqliteCodec = new SqliteValueCodec();
		for (Object[] row : rows) {
			insert(sqlite, sqliteCodec, row);
		}
		sqlite.update("INSERT INTO a_child (item_id, note) VALUES (2, 'child of 2'), (3, NULL)");
		String postgresUrl = TestPostgres.createDatabase();
		JdbcTemplate postgres = schema(postgresUrl, new PostgresDialect());

		CopyReport report = DatabaseCopy.from(sqliteUrl).to(postgresUrl).run();

		assertThat(report.tables()).extracting(CopyReport.TableReport::table).containsExactly("z_item", "a_child");
		assertThat(report.rows()).isEqualTo(rows.size() + 2);
		assertThat(read(postgres, new PostgresValueCodec())).containsExactlyElementsOf(expected(rows));
		assertThat(postgres.queryForList("SELECT item_id, note FROM a_child ORDER BY id"))
			.containsExactly(Map.of("item_id", 2L, "note", "child of 2"), nullNote(3L));
		// Identity columns go on after the copied maximum.
		postgres.update("INSERT INTO z_item (name) VALUES ('after the copy')");
		assertThat(postgres.queryForObject("SELECT id FROM z_item WHERE name = 'after the copy'", Long.class))
			.isEqualTo(rows.size() + 1);

		String backUrl = "sqlite:" + this.directory.resolve("back.db");
		JdbcTemplate back = schema(backUrl, new SqliteDialect());
		postgres.update("DELETE FROM z_item WHERE name = 'after the copy'");
		CopyReport backReport = DatabaseCopy.from(postgresUrl).to(backUrl).run();

		assertThat(read(back, sqliteCodec)).containsExactlyElementsOf(expected(rows));
		assertThat(backReport.tables()).extracting(CopyReport.TableReport::checksum)
			.containsExactlyElementsOf(report.tables().stream().map(CopyReport.TableReport::checksum).toList());
		// SQLite stores each value as its codec does: a UUID as a 16-byte BLOB, an instant as text, a boolean 1/0.
		assertThat(back.queryForObject("SELECT typeof(u) || ' ' || typeof(at) || ' ' || typeof(flag) || ' ' || flag "
				+ "FROM z_item WHERE id = 1", String.class)).isEqualTo("blob text integer 1");
		back.update("INSERT INTO z_item (name) VALUES ('after')");
		assertThat(back.queryForObject("SELECT id FROM z_item WHERE name = 'after'", Long.class))
			.isEqualTo(rows.size() + 1);
	}

	@Test
	void aCopyWithinOneBackendKeepsEveryValueAsStored() {
		String sqliteUrl = "sqlite:" + this.directory.resolve("app.db");
		JdbcTemplate sqlite = schema(sqliteUrl, new SqliteDialect());
		List<Object[]> rows = rows();
		ValueCodec sqliteCodec = new SqliteValueCodec();
		for (Object[] row : rows) {
			insert(sqlite, sqliteCodec, row);
		}
		// SQLite to SQLite: each value as stored, storage class included.
		String copyUrl = "sqlite:" + this.directory.resolve("copy.db");
		JdbcTemplate copy = schema(copyUrl, new SqliteDialect());
		DatabaseCopy.from(sqliteUrl).to(copyUrl).run();
		String everyValue = "SELECT id, name, typeof(u), hex(u), flag, at, doc, hex(data), big, small, ratio, approx, "
				+ "typeof(amount), amount, day, tags, code FROM z_item ORDER BY id";
		assertThat(copy.queryForList(everyValue)).isEqualTo(sqlite.queryForList(everyValue)).hasSize(rows.size());

		// PostgreSQL to PostgreSQL: each value in its text form, which PostgreSQL reads back exactly
		// (microseconds, numeric scale, jsonb, date included).
		String postgresUrl = TestPostgres.createDatabase();
		JdbcTemplate postgres = schema(postgresUrl, new PostgresDialect());
		DatabaseCopy.from(sqliteUrl).to(postgresUrl).run();
		postgres.update("UPDATE z_item SET at = '2024-02-29T23:59:59.123456Z', amount = 1.500000 WHERE id = 1");
		String otherUrl = TestPostgres.createDatabase();
		JdbcTemplate other = schema(otherUrl, new PostgresDialect());
		CopyReport report = DatabaseCopy.from(postgresUrl).to(otherUrl).run();
		String everyText = "SELECT id, name, u::text, flag::text, at::text, doc, encode(data, 'hex'), big, small, "
				+ "ratio::text, approx::text, amount::text, day::text, tags::text, code FROM z_item ORDER BY id";
		assertThat(other.queryForList(everyText)).isEqualTo(postgres.queryForList(everyText)).hasSize(rows.size());
		assertThat(other.queryForObject("SELECT at::text || ' ' || amount::text FROM z_item WHERE id = 1", String.class))
			.isEqualTo("2024-02-29 23:59:59.123456+00 1.500000");
		assertThat(report.rows()).isEqualTo(rows.size());
	}

	@Test
	void aTargetWithRowsIsRefusedAndLeftAsItWasUnlessToldToReplaceThem() {
		String sqliteUrl = sqliteWithOneItem();
		String postgresUrl = TestPostgres.createDatabase();
		JdbcTemplate postgres = schema(postgresUrl, new PostgresDialect());
		postgres.update("INSERT INTO z_item (name) VALUES ('already there')");

		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> DatabaseCopy.from(sqliteUrl).to(postgresUrl).run())
			.withMessageContaining("already has rows in [z_item]")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("cloacina.copy.replace-existing=true"));
		assertThat(postgres.queryForList("SELECT name FROM z_item", String.class)).containsExactly("already there");

		DatabaseCopy.from(sqliteUrl).to(postgresUrl).replaceExisting(true).run();
		assertThat(postgres.queryForList("SELECT name FROM z_item", String.class)).containsExactly("copied");
	}

	@Test
	void aValueThatDoesNotConvertNamesTableColumnRowAndWhatIsAcceptedAndNothingIsCopied() {
		String sqliteUrl = sqliteWithOneItem();
		JdbcTemplate sqlite = new JdbcTemplate(open(sqliteUrl));
		sqlite.update("INSERT INTO z_item (name, u) VALUES ('bad', 'not-a-uuid')");
		String postgresUrl = TestPostgres.createDatabase();
		JdbcTemplate postgres = schema(postgresUrl, new PostgresDialect());

		assertThatExceptionOfType(DatabaseCopyException.class)
			.isThrownBy(() -> DatabaseCopy.from(sqliteUrl).to(postgresUrl).run())
			.withMessageContaining("table 'z_item', column 'u' (uuid in the target), row 2")
			.withMessageContaining("TEXT 'not-a-uuid'")
			.withMessageContaining("16-byte BLOB")
			.withMessageContaining("Nothing was copied");
		assertThat(postgres.queryForObject("SELECT count(*) FROM z_item", Long.class)).isZero();
	}

	@Test
	void aRowTheTargetRefusesRollsEverythingBack() {
		String sqliteUrl = sqliteWithOneItem();
		JdbcTemplate sqlite = new JdbcTemplate(open(sqliteUrl));
		// SQLite does not enforce the length PostgreSQL's varchar(8) does.
		sqlite.update("INSERT INTO z_item (name, code) VALUES ('long', 'far longer than eight')");
		String postgresUrl = TestPostgres.createDatabase();
		JdbcTemplate postgres = schema(postgresUrl, new PostgresDialect());

		assertThatExceptionOfType(DatabaseCopyException.class)
			.isThrownBy(() -> DatabaseCopy.from(sqliteUrl).to(postgresUrl).run())
			.withMessageContaining("table 'z_item': the target refused one of rows 1 to 2")
			.withMessageContaining("character varying(8)");
		assertThat(postgres.queryForObject("SELECT count(*) FROM z_item", Long.class)).isZero();
	}

	@Test
	void aTableMissingInTheTargetOrDifferentMigrationsOrTheSameDatabaseAreRefused() {
		String sqliteUrl = sqliteWithOneItem();
		JdbcTemplate sqlite = new JdbcTemplate(open(sqliteUrl));
		String postgresUrl = TestPostgres.createDatabase();
		JdbcTemplate postgres = schema(postgresUrl, new PostgresDialect());

		// The starter's lease table (SQLite's leader lock) is state of running instances: never copied.
		assertThat(new io.cloacina.database.sqlite.SqliteLeaseLock(sqlite.getDataSource(), Duration.ofSeconds(30))
			.tryAcquire("app")).isPresent();
		sqlite.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)");
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> DatabaseCopy.from(sqliteUrl).to(postgresUrl).run())
			.withMessageContaining("The source table 'extra' has no table in the target");
		CopyReport report = DatabaseCopy.from(sqliteUrl).to(postgresUrl).excludeTables(List.of("EXTRA")).run();
		assertThat(report.tables()).extracting(CopyReport.TableReport::table).containsExactly("z_item", "a_child");

		String otherUrl = TestPostgres.createDatabase();
		JdbcTemplate other = schema(otherUrl, new PostgresDialect());
		for (JdbcTemplate history : List.of(sqlite, other)) {
			history.execute("CREATE TABLE flyway_schema_history (installed_rank INTEGER PRIMARY KEY, version TEXT, "
					+ "success BOOLEAN NOT NULL)");
		}
		sqlite.update("INSERT INTO flyway_schema_history VALUES (1, '1', TRUE), (2, '2', TRUE)");
		other.update("INSERT INTO flyway_schema_history VALUES (1, '1', TRUE)");
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> DatabaseCopy.from(sqliteUrl).to(otherUrl).excludeTables(List.of("extra")).run())
			.withMessageContaining("different migrations applied (flyway_schema_history): only in the source [2], "
					+ "only in the target []");

		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> DatabaseCopy.from(sqliteUrl).to(sqliteUrl).run())
			.withMessageContaining("the same database");
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> DatabaseCopy.from(postgresUrl).to(postgresUrl).run())
			.withMessageContaining("the same database");
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> DatabaseCopy.from(":memory:"))
			.withMessageContaining("in-memory");
	}

	@Test
	void theSourceFileIsOnlyReadAlsoWhileItsApplicationHoldsItOpenMidTransaction() throws Exception {
		Path file = this.directory.resolve("app.db");
		String sqliteUrl = sqliteWithOneItem();
		CloacinaDataSource app = open(sqliteUrl);
		// Everything committed so far into the file first: else a background checkpoint of those
		// writes (SqliteCheckpointer) could change the file while the copy runs.
		new JdbcTemplate(app).execute("PRAGMA wal_checkpoint(TRUNCATE)");
		byte[] before = sha(file);
		String postgresUrl = TestPostgres.createDatabase();
		JdbcTemplate postgres = schema(postgresUrl, new PostgresDialect());
		try (var connection = app.getConnection()) {
			connection.setAutoCommit(false);
			connection.createStatement().executeUpdate("INSERT INTO z_item (name) VALUES ('uncommitted')");

			CopyReport report = DatabaseCopy.from(sqliteUrl).to(postgresUrl).run();

			assertThat(report.rows()).isEqualTo(1);
			connection.rollback();
		}
		assertThat(postgres.queryForList("SELECT name FROM z_item", String.class)).containsExactly("copied");
		assertThat(sha(file)).isEqualTo(before);
	}

	@Test
	void progressLinesAndTheReportNeverShowThePassword() {
		String sqliteUrl = sqliteWithOneItem();
		String base = TestPostgres.createDatabase();
		String secret = "s3cr3t-" + UUID.randomUUID();
		TestPostgres.execute("DO $$ BEGIN CREATE ROLE copier LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN "
				+ "NULL; END $$");
		TestPostgres.execute("ALTER ROLE copier PASSWORD '" + secret + "'");
		String postgresUrl = base.replace("postgres@", "copier:" + secret + "@");
		schema(postgresUrl, new PostgresDialect());
		List<CopyProgress> lines = new CopyOnWriteArrayList<>();

		CopyReport report = DatabaseCopy.from(sqliteUrl).to(postgresUrl).progress(Duration.ZERO, lines::add).run();

		assertThat(lines).isNotEmpty();
		assertThat(lines).extracting(CopyProgress::toString)
			.allSatisfy((line) -> assertThat(line).doesNotContain(secret).contains("copier:****@"));
		assertThat(lines).extracting(CopyProgress::phase)
			.contains(CopyProgress.Phase.COPYING, CopyProgress.Phase.VERIFYING);
		assertThat(report.toString()).doesNotContain(secret).contains("copier:****@").contains("1 rows");
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> DatabaseCopy.from(postgresUrl).to(postgresUrl).run())
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(secret));
	}

	@Test
	void aCopyKilledHalfWayLeavesTheTargetAsItWasAndRunsAgainToTheEnd() throws Exception {
		String sqliteUrl = "sqlite:" + this.directory.resolve("app.db");
		JdbcTemplate sqlite = schema(sqliteUrl, new SqliteDialect());
		String padding = "x".repeat(200);
		List<Object[]> rows = new ArrayList<>();
		for (long i = 1; i <= 300_000; i++) {
			rows.add(new Object[] { i, padding + i, i });
		}
		new io.cloacina.database.sqlite.SqliteBatchBulkInserter(sqlite.getDataSource(),
				new io.cloacina.database.sqlite.SqliteExceptionTranslator())
			.insert("z_item", List.of("id", "name", "big"), rows);
		String postgresUrl = TestPostgres.createDatabase();
		JdbcTemplate postgres = schema(postgresUrl, new PostgresDialect());
		String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process copy = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
				CopyProcess.class.getName(), sqliteUrl, postgresUrl)
			.redirectErrorStream(true)
			.start();
		try {
			var output = new BufferedReader(new InputStreamReader(copy.getInputStream()));
			String line;
			long copied = 0;
			while ((line = output.readLine()) != null) {
				if (line.startsWith("PROGRESS ") && line.contains("Copying")) {
					copied = Long.parseLong(line.split(" ")[1]);
					if (copied > 0) {
						break;
					}
				}
			}
			assertThat(copied).as("rows copied when killed").isBetween(1L, 299_999L);
			assertThat(copy.isAlive()).isTrue();
			copy.destroyForcibly();
			assertThat(copy.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(copy.exitValue()).isEqualTo(137);
		}
		finally {
			copy.destroyForcibly();
		}
		// The server sees the connection go and rolls its transaction back.
		assertThat(postgres.queryForObject("SELECT count(*) FROM z_item", Long.class)).isZero();

		CopyReport report = DatabaseCopy.from(sqliteUrl).to(postgresUrl).run();

		assertThat(report.rows()).isEqualTo(300_000);
		assertThat(postgres.queryForObject("SELECT count(*) FROM z_item", Long.class)).isEqualTo(300_000);
		assertThat(postgres.queryForObject("SELECT name FROM z_item WHERE id = 300000", String.class))
			.isEqualTo(padding + 300_000);
	}

	@Test
	void aDataSourceThatIsNotTheStartersIsATargetToo() {
		String sqliteUrl = sqliteWithOneItem();
		String postgresUrl = TestPostgres.createDatabase();
		schema(postgresUrl, new PostgresDialect());
		DatabaseUrl parsed = DatabaseUrl.parse(postgresUrl);
		DriverManagerDataSource plain = new DriverManagerDataSource(parsed.jdbcUrl(), parsed.username(), "");

		CopyReport report = DatabaseCopy.from(sqliteUrl).to(plain).run();

		assertThat(report.target()).startsWith("jdbc:postgresql://localhost:");
		assertThat(new JdbcTemplate(plain).queryForList("SELECT name FROM z_item", String.class)).containsExactly("copied");
	}

	private String sqliteWithOneItem() {
		String url = "sqlite:" + this.directory.resolve("app.db");
		JdbcTemplate sqlite = schema(url, new SqliteDialect());
		sqlite.update("INSERT INTO z_item (name) VALUES ('copied')");
		return url;
	}

	private CloacinaDataSource open(String url) {
		CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse(url)).build();
		this.opened.add(dataSource);
		return dataSource;
	}

	/** Every value type of the dialect, with PostgreSQL-only types next to them; the child table first. */
	private JdbcTemplate schema(String url, DatabaseDialect dialect) {
		JdbcTemplate jdbc = new JdbcTemplate(open(url));
		boolean postgres = dialect instanceof PostgresDialect;
		if (postgres) {
			jdbc.execute("CREATE TABLE z_item (id " + dialect.identityPrimaryKey() + ", name TEXT, u " + dialect.uuidType()
					+ ", flag " + dialect.booleanType("flag") + ", at " + dialect.timestampType() + ", doc "
					+ dialect.jsonType("doc") + ", data " + dialect.bytesType() + ", big BIGINT, small INTEGER, "
					+ "ratio DOUBLE PRECISION, approx REAL, amount NUMERIC(30, 6), day DATE, tags JSONB, code VARCHAR(8))");
			jdbc.execute("CREATE TABLE a_child (id " + dialect.identityPrimaryKey()
					+ ", item_id BIGINT NOT NULL REFERENCES z_item (id), note TEXT)");
		}
		else {
			jdbc.execute("CREATE TABLE a_child (id " + dialect.identityPrimaryKey()
					+ ", item_id INTEGER NOT NULL REFERENCES z_item (id), note TEXT)");
			jdbc.execute("CREATE TABLE z_item (id " + dialect.identityPrimaryKey() + ", name TEXT, u " + dialect.uuidType()
					+ ", flag " + dialect.booleanType("flag") + ", at " + dialect.timestampType() + ", doc "
					+ dialect.jsonType("doc") + ", data " + dialect.bytesType() + ", big INTEGER, small INTEGER, "
					+ "ratio REAL, approx REAL, amount NUMERIC, day TEXT, tags TEXT, code TEXT)");
		}
		return jdbc;
	}

	private static List<Object[]> rows() {
		List<Object[]> rows = new ArrayList<>();
		rows.add(new Object[] { "edges", ID, true, AT, "{\"b\": [1, 2.5, null], \"a\": \"x\"}", new byte[] { 0, 1, -1, 127 },
				Long.MAX_VALUE, Integer.MIN_VALUE, 1.0E300, 0.1, new BigDecimal("1234567890.12345"), "2024-02-29",
				"{\"z\": 1, \"a\": {\"k\": true}}", "12345678" });
		rows.add(new Object[] { null, null, null, null, null, null, null, null, null, null, null, null, null, null });
		rows.add(new Object[] { "other", new UUID(0, 0), false, Instant.parse("1970-01-01T00:00:00Z"), "[]", new byte[0],
				Long.MIN_VALUE, 0, -2.5, -3.25, new BigDecimal("-0.000001"), "1999-12-31", "[]", "" });
		for (int i = 0; i < TEXTS.size(); i++) {
			rows.add(new Object[] { TEXTS.get(i), UUID.nameUUIDFromBytes(new byte[] { (byte) i }), i % 2 == 0,
					AT.plusMillis(i), "{\"i\": " + i + "}", new byte[] { (byte) i }, (long) i, i, i / 3.0, i / 7.0,
					BigDecimal.valueOf(i, 2), null, null, null });
		}
		return rows;
	}

	private static void insert(JdbcTemplate jdbc, ValueCodec codec, Object[] row) {
		jdbc.update("INSERT INTO z_item (name, u, flag, at, doc, data, big, small, ratio, approx, amount, day, tags, code) "
				+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row[0], codec.uuid((UUID) row[1]),
				codec.bool((Boolean) row[2]), codec.timestamp((Instant) row[3]), codec.json((String) row[4]),
				codec.bytes((byte[]) row[5]), row[6], row[7], row[8], row[9],
				// As text: sqlite-jdbc binds a BigDecimal as a double; SQLite keeps text a double would round.
				(row[10] != null) ? row[10].toString() : null, row[11], row[12], row[13]);
	}

	/** The rows as read back: REAL holds a float, JSONB is compared as JSON, numbers without trailing zeros. */
	private static List<String> expected(List<Object[]> rows) {
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			Object[] row = rows.get(i);
			expected.add(render(i + 1L, row[0], row[1], row[2], row[3], row[4], row[5], row[6],
					(row[7] != null) ? ((Number) row[7]).longValue() : null, row[8],
					(row[9] != null) ? (double) (float) (double) row[9] : null, row[10], row[11],
					(row[12] != null) ? json(row[12].toString()) : null, row[13]));
		}
		return expected;
	}

	private static List<String> read(JdbcTemplate jdbc, ValueCodec codec) {
		return jdbc.query("SELECT * FROM z_item ORDER BY id", (result, rowNum) -> render(result.getLong("id"),
				result.getString("name"), codec.getUuid(result, "u"), codec.getBoolean(result, "flag"),
				codec.getTimestamp(result, "at"), codec.getJson(result, "doc"), codec.getBytes(result, "data"),
				number(result, "big"), number(result, "small"), real(result, "ratio"), approx(result),
				decimal(result, "amount"), result.getString("day"),
				(result.getString("tags") != null) ? json(result.getString("tags")) : null, result.getString("code")));
	}

	private static String render(Object... values) {
		StringBuilder text = new StringBuilder();
		for (Object value : values) {
			Object shown = (value instanceof byte[] bytes) ? HexFormat.of().formatHex(bytes)
					: (value instanceof BigDecimal decimal) ? decimal.stripTrailingZeros().toPlainString() : value;
			text.append((value != null) ? value.getClass().getSimpleName() + ":" : "").append(shown).append(" | ");
		}
		return text.toString();
	}

	private static Long number(ResultSet result, String column) throws SQLException {
		long value = result.getLong(column);
		return result.wasNull() ? null : value;
	}

	private static Double real(ResultSet result, String column) throws SQLException {
		double value = result.getDouble(column);
		return result.wasNull() ? null : value;
	}

	/** A PostgreSQL {@code real} is a float: read as one on both sides. */
	private static Double approx(ResultSet result) throws SQLException {
		float value = result.getFloat("approx");
		return result.wasNull() ? null : (double) value;
	}

	private static BigDecimal decimal(ResultSet result, String column) throws SQLException {
		String value = result.getString(column);
		return (value != null) ? new BigDecimal(value) : null;
	}

	private static String json(String text) {
		return text.replaceAll("\\s", "").chars().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
				StringBuilder::append).toString();
	}

	private static Map<String, Object> nullNote(long itemId) {
		java.util.HashMap<String, Object> row = new java.util.HashMap<>();
		row.put("item_id", itemId);
		row.put("note", null);
		return row;
	}

	private static byte[] sha(Path file) throws Exception {
		return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
	}

}
