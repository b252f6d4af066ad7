package io.cloacina.database.postgresql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.cloacina.database.dialect.JdbcBulkInserter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * PostgreSQL: {@code COPY table (columns) FROM STDIN (FORMAT csv)} through pgjdbc's copy API. Rows
 * are encoded as UTF-8 straight into a buffer of about {@value #CHUNK_BYTES} bytes that is sent and
 * reused, so memory does not grow with the number of rows.
 * <p>
 * CSV encoding: NULL is an empty unquoted field; every string is quoted (doubling {@code "}), so an
 * empty string, {@code \N}, {@code \.}, commas, quotes, newlines and backslashes arrive exactly;
 * numbers and booleans are written bare; {@code UUID} in its canonical form; instants in ISO-8601 UTC,
 * truncated to milliseconds as {@link PostgresValueCodec} stores them ({@code 2024-01-02T03:04:05.678Z},
 * years before 1 as {@code ... BC}); {@code byte[]} as bytea hex ({@code \x0a1b}).
 *
 * @since 0.1.0
 */
public class PostgresCopyBulkInserter extends JdbcBulkInserter {

	static final int CHUNK_BYTES = 64 * 1024;

	/**
	 * Create an inserter.
	 * @param dataSource the PostgreSQL data source to insert into
	 * @param exceptionTranslator the translator of PostgreSQL's errors
	 */
	public PostgresCopyBulkInserter(DataSource dataSource, SQLExceptionTranslator exceptionTranslator) {
		super(dataSource, exceptionTranslator);
	}

	@Override
	protected String sql(String table, String columns, int columnCount) {
		return "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)";
	}

	@Override
	protected long write(Connection connection, String sql, List<String> columns, List<Object[]> rows) throws SQLException {
		CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
		try {
			CsvChunk chunk = new CsvChunk(CHUNK_BYTES + 1024);
			int index = 0;
			for (Object[] row : rows) {
				for (int column = 0; column < row.length; column++) {
					if (column > 0) {
						chunk.ascii(',');
					}
					if (!chunk.value(row[column])) {
						throw unsupported(row[column], index, columns.get(column));
					}
				}
				chunk.ascii('\n');
				if (chunk.length >= CHUNK_BYTES) {
					chunk.sendTo(copy);
				}
				index++;
			}
			chunk.sendTo(copy);
			return copy.endCopy();
		}
		finally {
			if (copy.isActive()) {
				// Failed before endCopy: the server discards the rows and reports the cancel as an error.
				try {
					copy.cancelCopy();
				}
				catch (SQLException ex) {
					// Expected: "COPY from stdin failed" is how the server confirms the cancel.
				}
			}
		}
	}

	/** A reusable buffer of CSV bytes for {@code COPY ... (FORMAT csv)} in UTF-8. */
	static final class CsvChunk {

		private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

		private byte[] bytes;

		private int length;

		CsvChunk(int capacity) {
			this.bytes = new byte[capacity];
		}

		byte[] toByteArray() {
			return Arrays.copyOf(this.bytes, this.length);
		}

		void sendTo(CopyIn copy) throws SQLException {
			if (this.length > 0) {
				copy.writeToCopy(this.bytes, 0, this.length);
				this.length = 0;
			}
		}

		/**
		 * Append one value as a CSV field.
		 * @param value the value
		 * @return {@code false} if the type is not supported (nothing appended)
		 */
		boolean value(Object value) {
			if (value == null) {
				return true;
			}
			if (value instanceof String string) {
				quoted(string);
			}
			else if (value instanceof Long || value instanceof Integer || value instanceof Short
					|| value instanceof Byte) {
				decimal(((Number) value).longValue());
			}
			else if (value instanceof Instant instant) {
				instant(instant);
			}
			else if (value instanceof Boolean bool) {
				ascii(bool ? 't' : 'f');
			}
			else if (value instanceof UUID || value instanceof BigInteger || value instanceof Double
					|| value instanceof Float) {
				// Double.toString and Float.toString ("1.0E10", "NaN", "-Infinity") are valid float input.
				ascii(value.toString());
			}
			else if (value instanceof BigDecimal decimal) {
				ascii(decimal.toPlainString());
			}
			else if (value instanceof Character character) {
				quoted(character.toString());
			}
			else if (value instanceof OffsetDateTime dateTime) {
				instant(dateTime.toInstant());
			}
			else if (value instanceof ZonedDateTime dateTime) {
				instant(dateTime.toInstant());
			}
			else if (value instanceof byte[] data) {
				hex(data);
			}
			else {
				return false;
			}
			return true;
		}

		void ascii(char c) {
			ensure(1);
			this.bytes[this.length++] = (byte) c;
		}

		/** Append text known to be ASCII without quotes or separators (numbers, UUIDs). */
		void ascii(String text) {
			ensure(text.length());
			for (int i = 0; i < text.length(); i++) {
				this.bytes[this.length++] = (byte) text.charAt(i);
			}
		}

		/** Always quoted: tells an empty string from NULL and keeps {@code \.} from ending the data. */
		void quoted(String text) {
			// At most 3 bytes per char (a surrogate pair: 4 bytes for 2 chars), a doubled quote 2.
			ensure(3 * text.length() + 2);
			byte[] out = this.bytes;
			int at = this.length;
			out[at++] = '"';
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c < 0x80) {
					out[at++] = (byte) c;
					if (c == '"') {
						out[at++] = '"';
					}
				}
				else if (c < 0x800) {
					out[at++] = (byte) (0xC0 | (c >> 6));
					out[at++] = (byte) (0x80 | (c & 0x3F));
				}
				else if (Character.isHighSurrogate(c) && i + 1 < text.length()
						&& Character.isLowSurrogate(text.charAt(i + 1))) {
					int codePoint = Character.toCodePoint(c, text.charAt(++i));
					out[at++] = (byte) (0xF0 | (codePoint >> 18));
					out[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
					out[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
					out[at++] = (byte) (0x80 | (codePoint & 0x3F));
				}
				else if (Character.isSurrogate(c)) {
					// An unpaired surrogate is not text: replaced as String.getBytes(UTF_8) does.
					out[at++] = '?';
				}
				else {
					out[at++] = (byte) (0xE0 | (c >> 12));
					out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
					out[at++] = (byte) (0x80 | (c & 0x3F));
				}
			}
			out[at++] = '"';
			this.length = at;
		}

		void decimal(long value) {
			if (value == Long.MIN_VALUE) {
				ascii(Long.toString(value));
				return;
			}
			ensure(20);
			if (value < 0) {
				this.bytes[this.length++] = '-';
				value = -value;
			}
			int digits = 1;
			for (long rest = value / 10; rest > 0; rest /= 10) {
				digits++;
			}
			int at = this.length + digits;
			this.length = at;
			do {
				this.bytes[--at] = (byte) ('0' + (value % 10));
				value /= 10;
			}
			while (value > 0);
		}

		/** {@code yyyy-MM-ddTHH:mm:ss[.fff]Z} as stored, {@code BC} appended for years before 1. */
		void instant(Instant value) {
			Instant instant = PostgresValueCodec.stored(value);
			long seconds = instant.getEpochSecond();
			LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
			int secondOfDay = (int) Math.floorMod(seconds, 86_400);
			int year = date.getYear();
			boolean bc = year < 1;
			padded((bc ? 1L - year : year), 4);
			ascii('-');
			padded(date.getMonthValue(), 2);
			ascii('-');
			padded(date.getDayOfMonth(), 2);
			ascii('T');
			padded(secondOfDay / 3600, 2);
			ascii(':');
			padded((secondOfDay / 60) % 60, 2);
			ascii(':');
			padded(secondOfDay % 60, 2);
			int nanos = instant.getNano();
			if (nanos > 0) {
				ascii('.');
				int digits = 9;
				while (nanos % 10 == 0) {
					nanos /= 10;
					digits--;
				}
				padded(nanos, digits);
			}
			ascii('Z');
			if (bc) {
				ascii(" BC");
			}
		}

		/** bytea hex input; backslash is not special in CSV. */
		void hex(byte[] data) {
			ensure(2 + 2 * data.length);
			this.bytes[this.length++] = '\\';
			this.bytes[this.length++] = 'x';
			for (byte b : data) {
				this.bytes[this.length++] = HEX[(b >> 4) & 0xF];
				this.bytes[this.length++] = HEX[b & 0xF];
			}
		}

		private void padded(long value, int width) {
			for (long limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
				if (value < limit) {
					ascii('0');
				}
			}
			decimal(value);
		}

		private void ensure(int extra) {
			if (this.length + extra > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(2 * this.bytes.length, this.length + extra));
			}
		}

	}

}
