package io.cloacina.database.dialect;

import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import javax.sql.DataSource;

import io.cloacina.database.DatabaseBackend;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * The SQLite dialect: claims in one {@code UPDATE ... RETURNING} inside the single-writer
 * transaction, lease-table leader locks, UUIDs as 16-byte BLOBs, instants as fixed-width RFC 3339
 * text in UTC (so text order is time order), booleans as 0/1.
 *
 * @since 0.1.0
 */
public class SqliteDialect extends AbstractDatabaseDialect {

	/** How instants are stored: the same text that {@link #now()} produces. */
	static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final String NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

	@Override
	public DatabaseBackend backend() {
		return DatabaseBackend.SQLITE;
	}

	@Override
	String claimLockClause() {
		// Write transactions run one at a time: no other claimer can see the rows in between.
		return "";
	}

	@Override
	public String forUpdate(String select) {
		return select;
	}

	@Override
	public String now() {
		return NOW;
	}

	@Override
	public String secondsAgo() {
		return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('%+.3f seconds', -CAST(? AS REAL)))";
	}

	@Override
	public LeaderLock leaderLock(DataSource dataSource, Duration leaseTime) {
		return new SqliteLeaseLock(dataSource, leaseTime, this);
	}

	@Override
	public BulkInserter bulkInserter(DataSource dataSource) {
		return new SqliteBatchBulkInserter(dataSource, exceptionTranslator());
	}

	@Override
	public SQLExceptionTranslator exceptionTranslator() {
		return new SqliteExceptionTranslator();
	}

	@Override
	public String uuidType() {
		return "BLOB";
	}

	@Override
	public String jsonType(String column) {
		return "TEXT CHECK (json_valid(" + SqlIdentifiers.check(column) + "))";
	}

	@Override
	public String booleanType(String column) {
		return "INTEGER CHECK (" + SqlIdentifiers.check(column) + " IN (0, 1))";
	}

	@Override
	public String timestampType() {
		return "TEXT";
	}

	@Override
	public String identityPrimaryKey() {
		return "INTEGER PRIMARY KEY AUTOINCREMENT";
	}

	@Override
	public SqlParameterValue uuid(UUID value) {
		return new SqlParameterValue(Types.BINARY, (value != null) ? toBytes(value) : null);
	}

	@Override
	public UUID getUuid(ResultSet resultSet, String column) throws SQLException {
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

	static byte[] toBytes(UUID value) {
		return ByteBuffer.allocate(16)
			.putLong(value.getMostSignificantBits())
			.putLong(value.getLeastSignificantBits())
			.array();
	}

	@Override
	public SqlParameterValue timestamp(Instant value) {
		return new SqlParameterValue(Types.VARCHAR, (value != null) ? TIMESTAMP.format(value) : null);
	}

	@Override
	public Instant getTimestamp(ResultSet resultSet, String column) throws SQLException {
		String text = resultSet.getString(column);
		return (text != null) ? Instant.parse(text) : null;
	}

	@Override
	public SqlParameterValue bool(Boolean value) {
		return new SqlParameterValue(Types.INTEGER, (value != null) ? (value ? 1 : 0) : null);
	}

	@Override
	public SqlParameterValue bytes(byte[] value) {
		return new SqlParameterValue(Types.BLOB, value);
	}

}
