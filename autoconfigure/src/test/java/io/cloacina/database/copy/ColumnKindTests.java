package io.cloacina.database.copy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

import io.cloacina.database.DatabaseBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How {@link ColumnKind} reads the forms a SQLite value may have, from a real SQLite database.
 */
class ColumnKindTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "'2024-02-29T23:59:59.123Z'|2024-02-29T23:59:59.123Z",
			"'2024-02-29T23:59:59.123456Z'|2024-02-29T23:59:59.123Z", "'2024-03-01T01:00:00+02:00'|2024-02-29T23:00:00Z",
			"'2024-02-29 23:59:59'|2024-02-29T23:59:59Z", "'2024-02-29 23:59:59.5'|2024-02-29T23:59:59.500Z",
			"'0001-01-01T00:00:00.000Z'|0001-01-01T00:00:00Z", "'9999-12-31T23:59:59.999Z'|9999-12-31T23:59:59.999Z" })
	void instantsInTheCodecsFormOffsetsAndSqlitesOwnFormConvertToTheMillisecond(String sql, String expected)
			throws Exception {
		assertThat(read(sql, ColumnKind.INSTANT)).isEqualTo(Instant.parse(expected));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "'2024-02-30T00:00:00.000Z'|TEXT '2024-02-30T00:00:00.000Z'",
			"1700000000|INTEGER '1700000000'", "'yesterday'|TEXT 'yesterday'" })
	void anInstantInAnotherFormIsRefusedWithWhatIsAccepted(String sql, String shown) {
		assertThatIllegalArgumentException().isThrownBy(() -> read(sql, ColumnKind.INSTANT))
			.withMessageContaining("the SQLite value " + shown + " does not convert")
			.withMessageContaining("2024-01-02T03:04:05.678Z");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "1|true", "0|false", "'true'|true", "'f'|false" })
	void booleansFromIntegersOrText(String sql, boolean expected) throws Exception {
		assertThat(read(sql, ColumnKind.BOOLEAN)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "2|INTEGER '2'", "'yes'|TEXT 'yes'" })
	void otherBooleansAreRefused(String sql, String shown) {
		assertThatIllegalArgumentException().isThrownBy(() -> read(sql, ColumnKind.BOOLEAN))
			.withMessageContaining("the SQLite value " + shown + " does not convert")
			.withMessageContaining("INTEGER 1 or 0");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "x'f81d4fae7dec11d0a76500a0c91e6bf6'", "'f81d4fae-7dec-11d0-a765-00a0c91e6bf6'" })
	void uuidsFromSixteenByteBlobsOrTheirText(String sql) throws Exception {
		assertThat(read(sql, ColumnKind.UUID)).isEqualTo(UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "x'0102'|BLOB of 2 bytes", "'f81d4fae'|TEXT 'f81d4fae'" })
	void otherUuidsAreRefused(String sql, String shown) {
		assertThatIllegalArgumentException().isThrownBy(() -> read(sql, ColumnKind.UUID))
			.withMessageContaining("the SQLite value " + shown + " does not convert")
			.withMessageContaining("16-byte BLOB");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "42|42", "42.0|42", "' 42'|42" })
	void wholeNumbersFromIntegersIntegralRealsOrText(String sql, long expected) throws Exception {
		assertThat(read(sql, ColumnKind.LONG)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "42.5|REAL '42.5'", "'forty'|TEXT 'forty'" })
	void otherWholeNumbersAreRefused(String sql, String shown) {
		assertThatIllegalArgumentException().isThrownBy(() -> read(sql, ColumnKind.LONG))
			.withMessageContaining("the SQLite value " + shown + " does not convert: this column takes a whole number");
	}

	private static Object read(String sql, ColumnKind kind) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT " + sql)) {
			result.next();
			return kind.read(result, 1, DatabaseBackend.SQLITE);
		}
	}

}
