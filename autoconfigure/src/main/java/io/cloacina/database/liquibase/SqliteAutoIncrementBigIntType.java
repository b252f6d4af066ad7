package io.cloacina.database.liquibase;

import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.datatype.DataTypeInfo;
import liquibase.datatype.DatabaseDataType;
import liquibase.datatype.LiquibaseDataType;
import liquibase.datatype.core.BigIntType;

/**
 * Liquibase's {@code BIGINT} on SQLite, where an auto-increment column must be declared
 * {@code INTEGER}: SQLite accepts {@code AUTOINCREMENT} only on an {@code INTEGER PRIMARY KEY} (the
 * rowid, a 64-bit integer like {@code BIGINT}), and refuses the
 * {@code id BIGINT PRIMARY KEY AUTOINCREMENT} that Liquibase's {@link BigIntType} writes for a
 * {@code BIGINT} column with {@code autoIncrement="true"}. Every other {@code BIGINT} column stays
 * {@code BIGINT}.
 * <p>
 * Liquibase picks, for each type name, the registered type of highest priority whose
 * {@link #supports(Database)} accepts the database: this one has {@link #PRIORITY_DATABASE} and
 * supports only {@link SQLiteDatabase}, so on any other database Liquibase's own {@link BigIntType}
 * is used unchanged.
 *
 * @since 0.1.0
 */
@DataTypeInfo(name = "bigint",
		aliases = { "java.sql.Types.BIGINT", "java.math.BigInteger", "java.lang.Long", "integer8", "bigserial",
				"serial8", "int8" },
		minParameters = 0, maxParameters = 1, priority = LiquibaseDataType.PRIORITY_DATABASE)
public class SqliteAutoIncrementBigIntType extends BigIntType {

	@Override
	public boolean supports(Database database) {
		return database instanceof SQLiteDatabase;
	}

	@Override
	public DatabaseDataType toDatabaseDataType(Database database) {
		if (isAutoIncrement() && database instanceof SQLiteDatabase) {
			return new DatabaseDataType("INTEGER");
		}
		return super.toDatabaseDataType(database);
	}

}
