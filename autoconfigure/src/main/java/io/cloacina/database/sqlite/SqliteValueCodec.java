package io.cloacina.database.sqlite;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.dialect.ValueCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.SqlParameterValue;

/**
 * How the starter stores values on SQLite, which has no UUID, timestamp or boolean types: a UUID as
 * a 16-byte BLOB (most significant bits first, big-endian), an instant as TEXT
 * {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC (truncated to milliseconds, fixed width, so that for
 * years 0 to 9999 text order is time order, and the format of {@link SqliteDialect#now()}), a boolean
 * as INTEGER 1 or 0, JSON as TEXT. The same encoding binds the rows of {@link SqliteBatchBulkInserter}.
 *
 * @since 0.1.0
 */
public class SqliteValueCodec implements ValueCodec {

	static final DateTimeFormatter INSTANT_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Override
	public DatabaseBackend backend() {
		return DatabaseBackend.SQLITE;
	}

	@Override
	public SqlParameterValue uuid(@Nullable UUID value) {
		return new SqlParameterValue(Types.BINARY, (value != null) ? uuidBytes(value) : null);
	}

	@Override
	public @Nullable UUID getUuid(ResultSet resultSet, String column) throws SQLException {
		byte[] bytes = resultSet.getBytes(column);
		if (bytes == null) {
			return null;
		}
		if (bytes.length != 16) {
			throw new SQLException("Column " + column + " holds " + bytes.length + " bytes, not a 16-byte UUID");
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		return new UUID(buffer.getLong(), buffer.getLong());
	}

	@Override
	public SqlParameterValue timestamp(@Nullable Instant value) {
		return new SqlParameterValue(Types.VARCHAR, (value != null) ? instantText(value) : null);
	}

	@Override
	public @Nullable Instant getTimestamp(ResultSet resultSet, String column) throws SQLException {
		String text = resultSet.getString(column);
		return (text != null) ? Instant.parse(text) : null;
	}

	@Override
	public SqlParameterValue bool(@Nullable Boolean value) {
		return new SqlParameterValue(Types.INTEGER, (value != null) ? (value ? 1 : 0) : null);
	}

	@Override
	public SqlParameterValue bytes(byte @Nullable [] value) {
		return new SqlParameterValue(Types.BLOB, value);
	}

	@Override
	public String toString() {
		return "SqliteValueCodec";
	}

	/**
	 * Bind one value of a bulk insert as this codec stores it.
	 * @param statement the statement
	 * @param index the parameter index, from 1
	 * @param value the value
	 * @return {@code false} if the type is not supported (nothing bound)
	 * @throws SQLException if the driver refuses the value
	 */
	static boolean bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
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
			statement.setBytes(index, uuidBytes(uuid));
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

	static byte[] uuidBytes(UUID value) {
		return ByteBuffer.allocate(16)
			.putLong(value.getMostSignificantBits())
			.putLong(value.getLeastSignificantBits())
			.array();
	}

	/**
	 * An instant as stored: {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, truncated to milliseconds;
	 * by hand for years 0 to 9999 (a formatter is the slowest part of binding a row of a bulk insert).
	 * @param instant the instant
	 * @return the text
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
