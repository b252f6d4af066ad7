package io.cloacina.database.postgresql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.dialect.ValueCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.SqlParameterValue;

/**
 * How the starter stores values on PostgreSQL: native {@code uuid}, {@code timestamptz} (instants
 * truncated to milliseconds, as on SQLite, so that a value reads back the same on both backends),
 * {@code boolean} and {@code bytea}; JSON as text (so it comes back exactly as written). The same
 * rules apply to the rows of {@link PostgresCopyBulkInserter}.
 *
 * @since 0.1.0
 */
public class PostgresValueCodec implements ValueCodec {

	@Override
	public DatabaseBackend backend() {
		return DatabaseBackend.POSTGRESQL;
	}

	@Override
	public SqlParameterValue uuid(@Nullable UUID value) {
		return new SqlParameterValue(Types.OTHER, value);
	}

	@Override
	public @Nullable UUID getUuid(ResultSet resultSet, String column) throws SQLException {
		return resultSet.getObject(column, UUID.class);
	}

	@Override
	public SqlParameterValue timestamp(@Nullable Instant value) {
		return new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE,
				(value != null) ? stored(value).atOffset(ZoneOffset.UTC) : null);
	}

	@Override
	public @Nullable Instant getTimestamp(ResultSet resultSet, String column) throws SQLException {
		OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	@Override
	public SqlParameterValue bool(@Nullable Boolean value) {
		return new SqlParameterValue(Types.BOOLEAN, value);
	}

	@Override
	public SqlParameterValue bytes(byte @Nullable [] value) {
		return new SqlParameterValue(Types.BINARY, value);
	}

	@Override
	public String toString() {
		return "PostgresValueCodec";
	}

	/**
	 * The instant as stored: truncated to milliseconds (towards the past, as on SQLite).
	 * @param instant the instant
	 * @return the stored instant
	 */
	static Instant stored(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MILLIS);
	}

}
