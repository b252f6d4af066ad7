package io.cloacina.database.dialect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL: {@code COPY table (columns) FROM STDIN (FORMAT csv)} through pgjdbc's copy API. Rows
 * are encoded into a buffer of about {@value #CHUNK_CHARS} characters that is sent and reused, so
 * memory does not grow with the number of rows.
 * <p>
 * CSV encoding: NULL is an empty unquoted field; every string is quoted (doubling {@code "}), so an
 * empty string, {@code \N}, {@code \.}, commas, quotes, newlines and backslashes arrive exactly;
 * numbers and booleans are written bare; {@code UUID} in its canonical form; instants in ISO-8601
 * UTC; {@code byte[]} as bytea hex ({@code \x0a1b}).
 */
final class PostgresCopyBulkInserter extends JdbcBulkInserter {

	static final int CHUNK_CHARS = 64 * 1024;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	PostgresCopyBulkInserter(DataSource dataSource) {
		super(dataSource);
	}

	@Override
	String sql(String table, String columns, int columnCount) {
		return "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)";
	}

	@Override
	long write(Connection connection, String sql, List<String> columns, List<Object[]> rows) throws SQLException {
		CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
		try {
			StringBuilder chunk = new StringBuilder(CHUNK_CHARS + 1024);
			int index = 0;
			for (Object[] row : rows) {
				for (int column = 0; column < row.length; column++) {
					if (column > 0) {
						chunk.append(',');
					}
					if (!appendCsv(chunk, row[column])) {
						throw unsupported(row[column], index, columns.get(column));
					}
				}
				chunk.append('\n');
				if (chunk.length() >= CHUNK_CHARS) {
					send(copy, chunk);
				}
				index++;
			}
			send(copy, chunk);
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

	private static void send(CopyIn copy, StringBuilder chunk) throws SQLException {
		if (chunk.length() > 0) {
			// Rows end at chunk boundaries, so no surrogate pair is ever split here.
			byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
			copy.writeToCopy(bytes, 0, bytes.length);
			chunk.setLength(0);
		}
	}

	/**
	 * Append one value as a CSV field of {@code COPY ... (FORMAT csv)}.
	 * @param out where to append
	 * @param value the value
	 * @return {@code false} if the type is not supported (nothing appended)
	 */
	static boolean appendCsv(StringBuilder out, Object value) {
		if (value == null) {
			return true;
		}
		if (value instanceof String string) {
			appendQuoted(out, string);
		}
		else if (value instanceof Character character) {
			appendQuoted(out, character.toString());
		}
		else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
				|| value instanceof BigInteger || value instanceof Double || value instanceof Float) {
			// Double.toString and Float.toString ("1.0E10", "NaN", "-Infinity") are valid float input.
			out.append(value);
		}
		else if (value instanceof BigDecimal decimal) {
			out.append(decimal.toPlainString());
		}
		else if (value instanceof Boolean bool) {
			out.append(bool ? 't' : 'f');
		}
		else if (value instanceof UUID uuid) {
			out.append(uuid);
		}
		else if (value instanceof Instant instant) {
			DateTimeFormatter.ISO_INSTANT.formatTo(instant, out);
		}
		else if (value instanceof OffsetDateTime dateTime) {
			DateTimeFormatter.ISO_INSTANT.formatTo(dateTime.toInstant(), out);
		}
		else if (value instanceof ZonedDateTime dateTime) {
			DateTimeFormatter.ISO_INSTANT.formatTo(dateTime.toInstant(), out);
		}
		else if (value instanceof byte[] bytes) {
			// bytea hex input; backslash is not special in CSV.
			out.append("\\x");
			for (byte b : bytes) {
				out.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
			}
		}
		else {
			return false;
		}
		return true;
	}

	/** Always quoted: tells an empty string from NULL and keeps {@code \.} from ending the data. */
	private static void appendQuoted(StringBuilder out, String value) {
		out.append('"');
		int start = 0;
		for (int i = value.indexOf('"'); i >= 0; i = value.indexOf('"', start)) {
			out.append(value, start, i + 1).append('"');
			start = i + 1;
		}
		out.append(value, start, value.length()).append('"');
	}

}
