package io.cloacina.database.copy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The checksum of a table's converted values: the sum, modulo 2^64, of the first 8 bytes of SHA-256
 * over each row's values, so that it does not depend on the order rows are read in. Each value is
 * fed with a type tag and its length, so that no two different rows encode alike. Not thread-safe.
 */
final class RowDigest {

	private static final boolean JACKSON_PRESENT = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
			RowDigest.class.getClassLoader());

	private final MessageDigest sha;

	private final ByteBuffer scratch = ByteBuffer.allocate(17);

	private long sum;

	private long rows;

	private long bytes;

	private final boolean onlyNullsOfOther;

	/**
	 * Create a digest.
	 * @param betweenBackends whether the copy goes from one backend to the other: then a value of a
	 * column of kind {@link ColumnKind#OTHER} counts only as NULL or not
	 */
	RowDigest(boolean betweenBackends) {
		this.onlyNullsOfOther = betweenBackends;
		try {
			this.sha = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/** Whether {@code jsonb} values are compared as JSON (with Jackson) rather than only for NULL. */
	static boolean comparesJson() {
		return JACKSON_PRESENT;
	}

	void value(@Nullable Object value, ColumnKind kind) {
		if (value == null) {
			tag(0);
		}
		else if (kind == ColumnKind.OTHER && this.onlyNullsOfOther) {
			tag(12);
			this.bytes += value.toString().length();
		}
		else if (kind == ColumnKind.JSONB) {
			if (JACKSON_PRESENT) {
				text(9, CanonicalJson.of((String) value));
			}
			else {
				tag(10);
			}
			this.bytes += ((String) value).length();
		}
		else if (value instanceof Long number) {
			this.scratch.clear();
			this.scratch.put((byte) 1).putLong(number);
			this.sha.update(this.scratch.array(), 0, 9);
			this.bytes += 8;
		}
		else if (value instanceof Double number) {
			this.scratch.clear();
			this.scratch.put((byte) 2).putLong(Double.doubleToLongBits(number));
			this.sha.update(this.scratch.array(), 0, 9);
			this.bytes += 8;
		}
		else if (value instanceof BigDecimal number) {
			String text = (number.signum() == 0) ? "0" : number.stripTrailingZeros().toPlainString();
			text(3, text);
			this.bytes += 8;
		}
		else if (value instanceof Boolean bool) {
			tag(bool ? 4 : 5);
			this.bytes += 1;
		}
		else if (value instanceof UUID uuid) {
			this.scratch.clear();
			this.scratch.put((byte) 6).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
			this.sha.update(this.scratch.array(), 0, 17);
			this.bytes += 16;
		}
		else if (value instanceof Instant instant) {
			this.scratch.clear();
			this.scratch.put((byte) 7).putLong(instant.toEpochMilli());
			this.sha.update(this.scratch.array(), 0, 9);
			this.bytes += 8;
		}
		else if (value instanceof byte[] data) {
			length(8, data.length);
			this.sha.update(data);
			this.bytes += data.length;
		}
		else {
			String text = value.toString();
			text(11, text);
			this.bytes += text.length();
		}
	}

	/** End the current row. */
	void endRow() {
		byte[] hash = this.sha.digest();
		this.sum += ByteBuffer.wrap(hash).getLong();
		this.rows++;
	}

	long rows() {
		return this.rows;
	}

	long bytes() {
		return this.bytes;
	}

	String checksum() {
		return String.format("%016x", this.sum);
	}

	private void tag(int tag) {
		this.sha.update((byte) tag);
	}

	private void text(int tag, String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		length(tag, utf8.length);
		this.sha.update(utf8);
	}

	private void length(int tag, int length) {
		this.scratch.clear();
		this.scratch.put((byte) tag).putInt(length);
		this.sha.update(this.scratch.array(), 0, 5);
	}

	/** JSON in one canonical text: keys sorted, numbers and strings as Jackson writes them. */
	private static final class CanonicalJson {

		private static final tools.jackson.databind.json.JsonMapper MAPPER = tools.jackson.databind.json.JsonMapper
			.builder()
			.enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
			.build();

		static String of(String json) {
			try {
				return MAPPER.writeValueAsString(MAPPER.readValue(json, Object.class));
			}
			catch (tools.jackson.core.JacksonException ex) {
				// Not JSON: the target would have refused it; compare the text.
				return json;
			}
		}

	}

}
