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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * SQLite: one prepared {@code INSERT}, executed in JDBC batches of {@value #BATCH_SIZE} rows on one
 * connection inside one transaction (the starter's single-writer transaction: one gate, one
 * {@code BEGIN IMMEDIATE}, one {@code COMMIT}).
 * <p>
 * Binding: {@code UUID} as a 16-byte BLOB (most significant bits first, big-endian), instants as TEXT
 * {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC (truncated to milliseconds: text order is time order),
 * {@code Boolean} as INTEGER 1 or 0, {@code byte[]} as BLOB, {@code BigInteger} and
 * {@code BigDecimal} as their decimal text (converted by the column's affinity).
 */
final class SqliteBatchBulkInserter extends JdbcBulkInserter {

	static final int BATCH_SIZE = 1_000;

	static final DateTimeFormatter INSTANT_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	SqliteBatchBulkInserter(DataSource dataSource) {
		super(dataSource);
	}

	@Override
	String sql(String table, String columns, int columnCount) {
		return "INSERT INTO " + table + " (" + columns + ") VALUES (" + SqlIdentifiers.placeholders(columnCount)
				+ ")";
	}

	@Override
	long write(Connection connection, String sql, List<String> columns, List<Object[]> rows) throws SQLException {
		long inserted = 0;
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			int pending = 0;
			int index = 0;
			for (Object[] row : rows) {
				for (int column = 0; column < row.length; column++) {
					if (!bind(statement, column + 1, row[column])) {
						throw unsupported(row[column], index, columns.get(column));
					}
				}
				statement.addBatch();
				if (++pending == BATCH_SIZE) {
					inserted += sum(statement.executeBatch());
					pending = 0;
				}
				index++;
			}
			if (pending > 0) {
				inserted += sum(statement.executeBatch());
			}
		}
		return inserted;
	}

	private static long sum(int[] counts) {
		long sum = 0;
		for (int count : counts) {
			sum += (count == Statement.SUCCESS_NO_INFO) ? 1 : count;
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
			statement.setString(index, INSTANT_TEXT.format(instant));
		}
		else if (value instanceof OffsetDateTime dateTime) {
			statement.setString(index, INSTANT_TEXT.format(dateTime.toInstant()));
		}
		else if (value instanceof ZonedDateTime dateTime) {
			statement.setString(index, INSTANT_TEXT.format(dateTime.toInstant()));
		}
		else if (value instanceof byte[] bytes) {
			statement.setBytes(index, bytes);
		}
		else {
			return false;
		}
		return true;
	}

}
