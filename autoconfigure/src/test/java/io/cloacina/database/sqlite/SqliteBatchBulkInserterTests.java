package io.cloacina.database.sqlite;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of {@link SqliteBatchBulkInserter}'s helpers.
 */
class SqliteBatchBulkInserterTests {

	@Test
	void instantTextIsWhatTheFormatterWrites() {
		Random random = new Random(42);
		for (int i = 0; i < 50_000; i++) {
			// Years -2000 to 12000: inside and outside the hand-written range.
			long seconds = -125_282_000_000L + (long) (random.nextDouble() * 441_000_000_000L);
			Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
			assertThat(SqliteValueCodec.instantText(instant))
				.isEqualTo(SqliteValueCodec.INSTANT_TEXT.format(instant));
		}
		assertThat(SqliteValueCodec.instantText(Instant.parse("1969-12-31T23:59:59.999999999Z")))
			.isEqualTo("1969-12-31T23:59:59.999Z");
		assertThat(SqliteValueCodec.instantText(Instant.parse("0000-01-01T00:00:00Z")))
			.isEqualTo("0000-01-01T00:00:00.000Z");
		assertThat(SqliteValueCodec.instantText(Instant.parse("9999-12-31T23:59:59.5Z")))
			.isEqualTo("9999-12-31T23:59:59.500Z");
	}

	@Test
	void rowsPerStatementStayWithinSqlitesLowestParameterLimit() {
		assertThat(SqliteBatchBulkInserter.rowsPerStatement(1)).isEqualTo(64);
		assertThat(SqliteBatchBulkInserter.rowsPerStatement(15)).isEqualTo(64);
		assertThat(SqliteBatchBulkInserter.rowsPerStatement(16)).isEqualTo(62);
		assertThat(SqliteBatchBulkInserter.rowsPerStatement(999)).isEqualTo(1);
		assertThat(SqliteBatchBulkInserter.rowsPerStatement(2_000)).isEqualTo(1);
	}

}
