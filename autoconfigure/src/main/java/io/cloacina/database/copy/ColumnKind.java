package io.cloacina.database.copy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

import io.cloacina.database.DatabaseBackend;
import org.jspecify.annotations.Nullable;

/**
 * How the values of one column are read and converted: the Java value handed to the target's
 * {@link io.cloacina.database.dialect.BulkInserter}, read the same way from the source and, for
 * verification, from the target. The kind comes from the PostgreSQL side of a copy (its types say
 * what a SQLite column's storage means: a BLOB in a {@code uuid} column is a UUID); a SQLite to
 * SQLite copy moves values as they are, a PostgreSQL to PostgreSQL copy moves each value in its text
 * form, which PostgreSQL reads back exactly.
 */
enum ColumnKind {

	/** SQLite to SQLite: the stored value (integer, real, text or blob). */
	RAW,

	/** Text that PostgreSQL keeps exactly: {@code text}, {@code varchar}, {@code json}, {@code citext}. */
	TEXT,

	/**
	 * Any other PostgreSQL type ({@code date}, {@code timestamp}, {@code interval}, arrays...), moved in
	 * its text form, which PostgreSQL parses; between backends its checksum covers only NULL or not,
	 * since PostgreSQL prints such a value its own way.
	 */
	OTHER,

	/** {@code smallint}, {@code integer}, {@code bigint}. */
	LONG,

	/** {@code double precision}. */
	DOUBLE,

	/** {@code real}: a double rounded to float, as the target will store it. */
	FLOAT,

	/** {@code numeric}. */
	DECIMAL,

	/** {@code boolean}; SQLite: INTEGER 1 or 0. */
	BOOLEAN,

	/** {@code uuid}; SQLite: a 16-byte BLOB, as {@code SqliteValueCodec} stores it. */
	UUID,

	/** {@code timestamptz}, to the millisecond; SQLite: ISO-8601 UTC text, as {@code SqliteValueCodec} stores it. */
	INSTANT,

	/** {@code bytea}; SQLite: BLOB. */
	BYTES,

	/** {@code jsonb}: text that PostgreSQL normalises, so compared as JSON. */
	JSONB;

	/** SQLite's own {@code datetime()} and {@code CURRENT_TIMESTAMP} form, in UTC. */
	private static final DateTimeFormatter SQLITE_DATETIME = new DateTimeFormatterBuilder()
		.appendPattern("uuuu-MM-dd[ ]['T']HH:mm[:ss]")
		.optionalStart()
		.appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
		.optionalEnd()
		.toFormatter(Locale.ROOT);

	/**
	 * The kind of a PostgreSQL column.
	 * @param typeName its type's name in {@code pg_type}
	 * @return the kind
	 */
	static ColumnKind ofPostgres(String typeName) {
		return switch (typeName) {
			case "int2", "int4", "int8" -> LONG;
			case "float8" -> DOUBLE;
			case "float4" -> FLOAT;
			case "numeric" -> DECIMAL;
			case "bool" -> BOOLEAN;
			case "uuid" -> UUID;
			case "timestamptz" -> INSTANT;
			case "bytea" -> BYTES;
			case "jsonb" -> JSONB;
			case "text", "varchar", "name", "json", "citext" -> TEXT;
			default -> OTHER;
		};
	}

	/**
	 * Read one value.
	 * @param resultSet the result set, on a row
	 * @param index the column's index
	 * @param backend the backend the result set comes from
	 * @return the value, or {@code null} for SQL NULL
	 * @throws SQLException on a JDBC error
	 * @throws IllegalArgumentException if the value does not convert; the message says what is accepted
	 */
	@Nullable Object read(ResultSet resultSet, int index, DatabaseBackend backend) throws SQLException {
		return (backend == DatabaseBackend.SQLITE) ? readSqlite(resultSet.getObject(index))
				: readPostgres(resultSet, index);
	}

	private @Nullable Object readPostgres(ResultSet resultSet, int index) throws SQLException {
		Object value = switch (this) {
			case RAW, TEXT, OTHER, JSONB -> resultSet.getString(index);
			case LONG -> resultSet.getLong(index);
			case DOUBLE -> resultSet.getDouble(index);
			case FLOAT -> (double) resultSet.getFloat(index);
			case DECIMAL -> resultSet.getBigDecimal(index);
			case BOOLEAN -> resultSet.getBoolean(index);
			case UUID -> resultSet.getObject(index, java.util.UUID.class);
			case INSTANT -> {
				OffsetDateTime time = resultSet.getObject(index, OffsetDateTime.class);
				yield (time != null) ? time.toInstant().truncatedTo(ChronoUnit.MILLIS) : null;
			}
			case BYTES -> resultSet.getBytes(index);
		};
		return resultSet.wasNull() ? null : value;
	}

	private @Nullable Object readSqlite(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		return switch (this) {
			case RAW -> (value instanceof Integer number) ? Long.valueOf(number) : value;
			case TEXT, OTHER, JSONB -> text(value);
			case LONG -> whole(value);
			case DOUBLE -> real(value);
			case FLOAT -> (double) (float) real(value);
			case DECIMAL -> decimal(value);
			case BOOLEAN -> bool(value);
			case UUID -> uuid(value);
			case INSTANT -> instant(value);
			case BYTES -> (value instanceof byte[]) ? value : refuse(value, "a BLOB (or text, which is taken as its UTF-8 bytes)");
		};
	}

	private static String text(Object value) {
		if (value instanceof byte[]) {
			refuse(value, "text, or a number (copied as its text)");
		}
		return value.toString();
	}

	private static long whole(Object value) {
		if (value instanceof Integer || value instanceof Long) {
			return ((Number) value).longValue();
		}
		if (value instanceof Double real && real == Math.rint(real) && Math.abs(real) < 0x1p63) {
			return real.longValue();
		}
		if (value instanceof String text) {
			try {
				return Long.parseLong(text.trim());
			}
			catch (NumberFormatException ex) {
				// refused below
			}
		}
		return refuse(value, "a whole number");
	}

	private static double real(Object value) {
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		if (value instanceof String text) {
			try {
				return Double.parseDouble(text.trim());
			}
			catch (NumberFormatException ex) {
				// refused below
			}
		}
		return refuse(value, "a number");
	}

	private static BigDecimal decimal(Object value) {
		if (value instanceof Integer || value instanceof Long) {
			return BigDecimal.valueOf(((Number) value).longValue());
		}
		if (value instanceof Double real && Double.isFinite(real)) {
			return BigDecimal.valueOf(real);
		}
		if (value instanceof String text) {
			try {
				return new BigDecimal(text.trim());
			}
			catch (NumberFormatException ex) {
				// refused below
			}
		}
		return refuse(value, "a number");
	}

	private static boolean bool(Object value) {
		if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0
				&& ((Number) value).longValue() <= 1) {
			return ((Number) value).longValue() == 1;
		}
		if (value instanceof String text) {
			switch (text.trim().toLowerCase(Locale.ROOT)) {
				case "1", "true", "t" -> {
					return true;
				}
				case "0", "false", "f" -> {
					return false;
				}
				default -> {
					// refused below
				}
			}
		}
		return refuse(value, "INTEGER 1 or 0 (as SqliteValueCodec stores a boolean), or the text true/false");
	}

	private static java.util.UUID uuid(Object value) {
		if (value instanceof byte[] bytes && bytes.length == 16) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			return new java.util.UUID(buffer.getLong(), buffer.getLong());
		}
		if (value instanceof String text && text.length() == 36) {
			try {
				return java.util.UUID.fromString(text);
			}
			catch (IllegalArgumentException ex) {
				// refused below
			}
		}
		return refuse(value, "a 16-byte BLOB (as SqliteValueCodec stores a UUID), or the UUID's 36-character text");
	}

	private static Instant instant(Object value) {
		if (value instanceof String text) {
			Instant stored = codecForm(text);
			if (stored != null) {
				return stored;
			}
			try {
				return OffsetDateTime.parse(text.trim()).toInstant().truncatedTo(ChronoUnit.MILLIS);
			}
			catch (DateTimeParseException ex) {
				try {
					return LocalDateTime.parse(text.trim(), SQLITE_DATETIME).toInstant(ZoneOffset.UTC)
						.truncatedTo(ChronoUnit.MILLIS);
				}
				catch (DateTimeParseException ex2) {
					// refused below
				}
			}
		}
		return refuse(value, "ISO-8601 text with an offset (2024-01-02T03:04:05.678Z, as SqliteValueCodec stores an "
				+ "instant) or SQLite's own UTC form (2024-01-02 03:04:05); a number is not taken, since it could be "
				+ "seconds or milliseconds");
	}

	/**
	 * The form {@code SqliteValueCodec} stores, {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'}, read without a
	 * formatter: nearly every instant of a starter's database has it.
	 * @param text the text
	 * @return the instant, or {@code null} if the text has another form (then parsed in full)
	 */
	private static @Nullable Instant codecForm(String text) {
		if (text.length() != 24 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.' || text.charAt(23) != 'Z') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		int millis = digits(text, 20, 3);
		if ((year | month | day | hour | minute | second | millis) < 0 || month < 1 || month > 12 || day < 1
				|| day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
			return null;
		}
		long days = java.time.LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
	}

	/** The decimal number of {@code count} digits at {@code from}, or -1 if one is not a digit. */
	private static int digits(String text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private static <T> T refuse(Object value, String accepted) {
		throw new IllegalArgumentException("the SQLite value " + describe(value) + " does not convert: this column takes "
				+ accepted);
	}

	static String describe(Object value) {
		if (value instanceof byte[] bytes) {
			return "BLOB of " + bytes.length + " bytes";
		}
		String text = value.toString();
		String shown = (text.length() > 40) ? text.substring(0, 40) + "..." : text;
		String type = (value instanceof String) ? "TEXT" : (value instanceof Double) ? "REAL" : "INTEGER";
		return type + " '" + shown + "'";
	}

}
