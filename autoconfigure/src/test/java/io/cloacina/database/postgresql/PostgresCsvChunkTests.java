package io.cloacina.database.postgresql;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written CSV encoder of {@link PostgresCopyBulkInserter} against the JDK's own encoders.
 */
class PostgresCsvChunkTests {

	private final Random random = new Random(20_240_229);

	@Test
	void quotedTextIsUtf8LikeStringGetBytesWithQuotesDoubled() {
		for (int i = 0; i < 20_000; i++) {
			StringBuilder text = new StringBuilder();
			int length = this.random.nextInt(12);
			for (int c = 0; c < length; c++) {
				text.append(switch (this.random.nextInt(6)) {
					case 0 -> (char) this.random.nextInt(0x80);
					case 1 -> "\",\n\r\\";
					case 2 -> (char) (0x80 + this.random.nextInt(0x780));
					case 3 -> (char) this.random.nextInt(0x10000); // includes unpaired surrogates
					case 4 -> new String(Character.toChars(0x10000 + this.random.nextInt(0x100000)));
					default -> "\\N";
				});
			}
			String value = text.toString();
			assertThat(encode(value)).as("%s", value)
				.isEqualTo(("\"" + value.replace("\"", "\"\"") + "\"").getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void integersAreWrittenAsDecimalDigits() {
		long[] edges = { 0, 1, -1, 9, 10, -10, 99, 100, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
				Long.MIN_VALUE, Long.MAX_VALUE / 10, -999_999_999_999L };
		for (long value : edges) {
			assertThat(text(value)).isEqualTo(Long.toString(value));
		}
		for (int i = 0; i < 20_000; i++) {
			long value = this.random.nextLong() >> this.random.nextInt(64);
			assertThat(text(value)).isEqualTo(Long.toString(value));
		}
		assertThat(text(7)).isEqualTo("7");
		assertThat(text((short) -3)).isEqualTo("-3");
		assertThat(text((byte) 12)).isEqualTo("12");
	}

	@Test
	void instantsAreIso8601UtcInMillisecondsAsStored() {
		for (int i = 0; i < 20_000; i++) {
			// Years 1 to 9999, any nanosecond.
			long seconds = -62_135_596_800L + (long) (this.random.nextDouble() * 315_537_897_600L);
			int nanos = switch (this.random.nextInt(4)) {
				case 0 -> 0;
				case 1 -> this.random.nextInt(1_000) * 1_000_000;
				case 2 -> this.random.nextInt(1_000_000) * 1_000;
				default -> this.random.nextInt(1_000_000_000);
			};
			Instant instant = Instant.ofEpochSecond(seconds, nanos);
			String text = text(instant);
			assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
			assertThat(Instant.parse(text)).isEqualTo(instant.truncatedTo(ChronoUnit.MILLIS));
		}
		assertThat(text(Instant.parse("2024-01-02T03:04:05.000005Z"))).isEqualTo("2024-01-02T03:04:05Z");
		assertThat(text(Instant.parse("2024-01-02T03:04:05.123999Z"))).isEqualTo("2024-01-02T03:04:05.123Z");
		assertThat(text(Instant.parse("1969-12-31T23:59:59.999999Z"))).isEqualTo("1969-12-31T23:59:59.999Z");
		assertThat(text(Instant.parse("2024-01-02T03:04:05.1Z"))).isEqualTo("2024-01-02T03:04:05.1Z");
		assertThat(text(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00Z");
		assertThat(text(Instant.parse("0000-12-31T23:59:59Z"))).isEqualTo("0001-12-31T23:59:59Z BC");
		assertThat(text(Instant.parse("-0043-03-15T12:00:00Z"))).isEqualTo("0044-03-15T12:00:00Z BC");
		assertThat(text(Instant.parse("+12345-06-07T08:09:10Z"))).isEqualTo("12345-06-07T08:09:10Z");
	}

	@Test
	void otherValues() {
		assertThat(text(null)).isEmpty();
		assertThat(text("")).isEqualTo("\"\"");
		assertThat(text(true)).isEqualTo("t");
		assertThat(text(false)).isEqualTo("f");
		assertThat(text(new byte[] { 0, 10, (byte) 0xff, '\\' })).isEqualTo("\\x000aff5c");
		assertThat(text(new byte[0])).isEqualTo("\\x");
		assertThat(text(1.5)).isEqualTo("1.5");
		assertThat(text(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
		assertThat(text(new java.math.BigDecimal("1E+3"))).isEqualTo("1000");
		assertThat(text('"')).isEqualTo("\"\"\"\"");
	}

	@Test
	void theBufferGrowsForValuesLargerThanItsCapacity() {
		String big = "ż\"".repeat(10_000);
		assertThat(new String(encode(big), StandardCharsets.UTF_8)).isEqualTo("\"" + big.replace("\"", "\"\"") + "\"");
	}

	private static byte[] encode(Object value) {
		PostgresCopyBulkInserter.CsvChunk chunk = new PostgresCopyBulkInserter.CsvChunk(16);
		assertThat(chunk.value(value)).isTrue();
		return chunk.toByteArray();
	}

	private static String text(Object value) {
		return new String(encode(value), StandardCharsets.UTF_8);
	}

}
