package io.cloacina.database.dialect;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

import io.cloacina.database.DatabaseBackend;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.SqlParameterValue;

/**
 * How values whose storage differs between the backends are bound and read, so that a value reads
 * back the same on both: UUIDs, instants, JSON, booleans and bytes. One implementation per backend
 * ({@code PostgresValueCodec}, {@code SqliteValueCodec}), also used by that backend's
 * {@link BulkInserter}, so a value stored by either path reads back identically. The starter registers
 * the one of the configured backend as a bean, which a bean of your own replaces.
 * <p>
 * The parameter methods return {@link SqlParameterValue}s to pass as arguments to {@code JdbcTemplate}
 * or {@code JdbcClient}; the read methods read a column inside a {@code RowMapper}.
 *
 * @since 0.1.0
 */
public interface ValueCodec {

	/**
	 * The backend of this codec.
	 * @return the backend
	 */
	DatabaseBackend backend();

	/**
	 * A UUID parameter (null allowed).
	 * @param value the value
	 * @return the parameter to bind
	 */
	SqlParameterValue uuid(@Nullable UUID value);

	/**
	 * Read a UUID column.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the value, or {@code null}
	 * @throws SQLException on a JDBC error
	 */
	@Nullable UUID getUuid(ResultSet resultSet, String column) throws SQLException;

	/**
	 * An instant parameter (null allowed), truncated to millisecond precision on both backends.
	 * @param value the value
	 * @return the parameter to bind
	 */
	SqlParameterValue timestamp(@Nullable Instant value);

	/**
	 * Read an instant column.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the value, or {@code null}
	 * @throws SQLException on a JDBC error
	 */
	@Nullable Instant getTimestamp(ResultSet resultSet, String column) throws SQLException;

	/**
	 * A JSON parameter (null allowed), stored as the given text.
	 * @param json the JSON text
	 * @return the parameter to bind
	 */
	default SqlParameterValue json(@Nullable String json) {
		return new SqlParameterValue(Types.VARCHAR, json);
	}

	/**
	 * Read a JSON column as text, exactly as stored.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the text, or {@code null}
	 * @throws SQLException on a JDBC error
	 */
	default @Nullable String getJson(ResultSet resultSet, String column) throws SQLException {
		return resultSet.getString(column);
	}

	/**
	 * A boolean parameter (null allowed).
	 * @param value the value
	 * @return the parameter to bind
	 */
	SqlParameterValue bool(@Nullable Boolean value);

	/**
	 * Read a boolean column.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the value, or {@code null} for SQL NULL
	 * @throws SQLException on a JDBC error
	 */
	default @Nullable Boolean getBoolean(ResultSet resultSet, String column) throws SQLException {
		boolean value = resultSet.getBoolean(column);
		return resultSet.wasNull() ? null : value;
	}

	/**
	 * A bytes parameter (null allowed).
	 * @param value the value
	 * @return the parameter to bind
	 */
	SqlParameterValue bytes(byte @Nullable [] value);

	/**
	 * Read a bytes column.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the value, or {@code null}
	 * @throws SQLException on a JDBC error
	 */
	default byte @Nullable [] getBytes(ResultSet resultSet, String column) throws SQLException {
		return resultSet.getBytes(column);
	}

}
