package io.cloacina.database.liquibase;

import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.core.SQLiteDatabase;
import liquibase.datatype.DataTypeFactory;
import liquibase.datatype.LiquibaseDataType;
import liquibase.datatype.core.BigIntType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqliteAutoIncrementBigIntType}, through Liquibase's own {@link DataTypeFactory},
 * which finds it in {@code META-INF/services/liquibase.datatype.LiquibaseDataType}: what a changelog's
 * column type becomes on SQLite and on PostgreSQL.
 */
class SqliteAutoIncrementBigIntTypeTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			BIGINT{autoIncrement:true}       | INTEGER
			bigint{autoIncrement:true}       | INTEGER
			java.sql.Types.BIGINT{autoIncrement:true} | INTEGER
			BIGSERIAL                        | INTEGER
			BIGINT                           | BIGINT
			java.lang.Long                   | BIGINT
			INT{autoIncrement:true}          | INTEGER
			""")
	void onSqlite(String changelogType, String sql) {
		assertThat(toSql(changelogType, new SQLiteDatabase())).isEqualTo(sql);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			BIGINT{autoIncrement:true}       | BIGINT
			BIGINT                           | BIGINT
			BIGSERIAL                        | BIGINT
			""")
	void onPostgresqlLiquibasesOwnTypeIsUsed(String changelogType, String sql) {
		PostgresDatabase postgres = new PostgresDatabase();
		LiquibaseDataType type = DataTypeFactory.getInstance().fromDescription(changelogType, postgres);
		assertThat(type).isExactlyInstanceOf(BigIntType.class);
		assertThat(type.toDatabaseDataType(postgres).toString()).isEqualTo(sql);
	}

	@ParameterizedTest
	@CsvSource({ "BIGINT{autoIncrement:true}", "BIGINT" })
	void onSqliteTheStartersTypeIsPicked(String changelogType) {
		assertThat(DataTypeFactory.getInstance().fromDescription(changelogType, new SQLiteDatabase()))
			.isExactlyInstanceOf(SqliteAutoIncrementBigIntType.class);
	}

	private static String toSql(String changelogType, Database database) {
		return DataTypeFactory.getInstance().fromDescription(changelogType, database).toDatabaseDataType(database).toString();
	}

}
