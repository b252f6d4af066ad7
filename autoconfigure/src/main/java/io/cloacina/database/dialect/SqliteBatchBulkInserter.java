package io.cloacina.database.dialect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * SQLite: prepared multi-row {@code INSERT ... VALUES (?, ...), (?, ...), ...} statements of up to
 * {@value #ROWS_PER_STATEMENT} rows (at most {@value #MAX_PARAMETERS} parameters), executed in JDBC
 * batches of about {@value #ROWS_PER_BATCH} rows on one connection inside one transaction (the
 * starter's single-writer transaction: one gate, one {@code BEGIN IMMEDIATE}, one {@code COMMIT}).
 * Several rows per statement save a native reset and step per row.
 * <p>
 * Binding: {@code UUID} as a 16-byte BLOB (most significant bits first, big-endian), instants as TEXT
 * {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC (truncated to milliseconds: for years 0 to 9999 text
 * order is time order), {@code Boolean} as INTEGER 1 or 0, {@code byte[]} as BLOB, {@code BigInteger}
 * and {@code BigDecimal} as their decimal text (converted by the column's affinity).
 */
final class SqliteBatchBulkInserter extends JdbcBulkInserter {

	static final int ROWS_PER_STATEMENT = 64;

	/** SQLite's lowest limit on parameters per statement ({@code SQLITE_MAX_VARIABLE_NUMBER} before 3.32). */
	static final int MAX_PARAMETERS = 999;

	static final int ROWS_PER_BATCH = 1_000;

	static final DateTimeFormatter INSTANT_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	SqliteBatchBulkInserter(DataSource dataSource, SQLExceptionTranslator exceptionTranslator) {
		super(dataSource, exceptionTranslator);
	}

	/** The single-row statement; {@link #write} derives the multi-row one from it. */
	@Override
	String sql(String table, String columns, int columnCount) {
		return "INSERT INTO " + table + " (" + columns + ") VALUES " + valuesRow(columnCount);
	}

	static int rowsPerStatement(int columnCount) {
		return Math.max(1, Math.min(ROWS_PER_STATEMENT, MAX_PARAMETERS / columnCount));
	}

	@Override
	long write(Connection connection, String sql, List<String> columns, List<Object[]> rows) throws SQLException {
		int columnCount = columns.size();
		int perStatement = Math.min(rowsPerStatement(columnCount), rows.size());
		int statementsPerBatch = Math.max(1, ROWS_PER_BATCH / perStatement);
		int whole = rows.size() - rows.size() % perStatement;
		long inserted = 0;
		try (PreparedStatement statement = connection.prepareStatement(multiRow(sql, columnCount, perStatement))) {
			inserted += insert(statement, columns, rows, 0, whole, perStatement, statementsPerBatch);
		}
		if (whole < rows.size()) {
			int rest = rows.size() - whole;
			try (PreparedStatement statement = connection.prepareStatement(multiRow(sql, columnCount, rest))) {
				inserted += insert(statement, columns, rows, whole, rows.size(), rest, 1);
			}
		}
		return inserted;
	}

	private static long insert(PreparedStatement statement, List<String> columns, List<Object[]> rows, int from,
			int to, int perStatement, int statementsPerBatch) throws SQLException {
		long inserted = 0;
		int parameter = 1;
		int pending = 0;
		for (int index = from; index < to; index++) {
			Object[] row = rows.get(index);
			for (int column = 0; column < row.length; column++) {
				if (!bind(statement, parameter++, row[column])) {
					throw unsupported(row[column], index, columns.get(column));
				}
			}
			if ((index - from + 1) % perStatement == 0) {
				statement.addBatch();
				parameter = 1;
				if (++pending == statementsPerBatch) {
					inserted += sum(statement.executeBatch(), perStatement);
					pending = 0;
				}
			}
		}
		if (pending > 0) {
			inserted += sum(statement.executeBatch(), perStatement);
		}
		return inserted;
	}

	private static String multiRow(String singleRow, int columnCount, int rows) {
		String row = valuesRow(columnCount);
		StringBuilder sql = new StringBuilder(singleRow.length() + rows * (row.length() + 2)).append(singleRow);
		for (int i = 1; i < rows; i++) {
			sql.append(", ").append(row);
		}
		return sql.toString();
	}

	private static String valuesRow(int columnCount) {
		return "(" + SqlIdentifiers.placeholders(columnCount) + ")";
	}

	private static long sum(int[] counts, int rowsPerStatement) {
		long sum = 0;
		for (int count : counts) {
			sum += (count == Statement.SUCCESS_NO_INFO) ? rowsPerStatement : count;
		}
		return sum;
	}

	/**
	 * Bind one value the way the starter stores it on SQLite.
	 * @param statement the statement
	 * @param index the parameter index, from 1
	 * @param value the value
	 * @return {@code false} if the type is not supported (nothing bound)
	 * @throws SQLException if the driver refuses the value
	 */
	static boolean bind(PreparedStatement statement, int index, Object value) throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.NULL);
		}
		else if (value instanceof String string) {
			statement.setString(index, string);
		}
		else if (value instanceof Character character) {
			statement.setString(index, character.toString());
		}
		else if (value instanceof Long || value instanceof Integer || value instanceof Short
				|| value instanceof Byte) {
			statement.setLong(index, ((Number) value).longValue());
		}
		else if (value instanceof Double number) {
			statement.setDouble(index, number);
		}
		else if (value instanceof Float number) {
			statement.setFloat(index, number);
		}
		else if (value instanceof BigInteger number) {
			statement.setString(index, number.toString());
		}
		else if (value instanceof BigDecimal number) {
			statement.setString(index, number.toPlainString());
		}
		else if (value instanceof Boolean bool) {
			statement.setInt(index, bool ? 1 : 0);
		}
		else if (value instanceof UUID uuid) {
			statement.setBytes(index, ByteBuffer.allocate(16)
				.putLong(uuid.getMostSignificantBits())
				.putLong(uuid.getLeastSignificantBits())
				.array());
		}
		else if (value instanceof Instant instant) {
			statement.setString(index, instantText(instant));
		}
		else if (value instanceof OffsetDateTime dateTime) {
			statement.setString(index, instantText(dateTime.toInstant()));
		}
		else if (value instanceof ZonedDateTime dateTime) {
			statement.setString(index, instantText(dateTime.toInstant()));
		}
		else if (value instanceof byte[] bytes) {
			statement.setBytes(index, bytes);
		}
		else {
			return false;
		}
		return true;
	}

	/**
	 * An instant as {@link #INSTANT_TEXT} formats it, by hand for years 0 to 9999 (the formatter is the
	 * slowest part of binding a row).
	 * @param instant the instant
	 * @return {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC
	 */
	static String instantText(Instant instant) {
		long seconds = instant.getEpochSecond();
		LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
		int year = date.getYear();
		if (year < 0 || year > 9999) {
			return INSTANT_TEXT.format(instant);
		}
		int secondOfDay = (int) Math.floorMod(seconds, 86_400);
		char[] text = "0000-00-00T00:00:00.000Z".toCharArray();
		digits(text, 0, 4, year);
		digits(text, 5, 2, date.getMonthValue());
		digits(text, 8, 2, date.getDayOfMonth());
		digits(text, 11, 2, secondOfDay / 3600);
		digits(text, 14, 2, (secondOfDay / 60) % 60);
		digits(text, 17, 2, secondOfDay % 60);
		digits(text, 20, 3, instant.getNano() / 1_000_000);
		return new String(text);
	}

	private static void digits(char[] text, int at, int width, int value) {
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

}
