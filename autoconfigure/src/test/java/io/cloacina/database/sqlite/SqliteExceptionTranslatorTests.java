package io.cloacina.database.sqlite;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole mapping of {@link SqliteExceptionTranslator}, over sqlite-jdbc's own exception type with
 * every result code the table names, including those that cannot be provoked on demand (disk full,
 * I/O error, corruption). {@link SqliteExceptionTranslatorIntegrationTests} provokes the others on
 * real databases.
 */
class SqliteExceptionTranslatorTests {

	private final SqliteExceptionTranslator translator = new SqliteExceptionTranslator();

	static Stream<Arguments> mapping() {
		return Stream.of(Arguments.of(SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY, DuplicateKeyException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, DuplicateKeyException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_CONSTRAINT_ROWID, DuplicateKeyException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_CONSTRAINT_NOTNULL, DataIntegrityViolationException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK, DataIntegrityViolationException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY, DataIntegrityViolationException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_CONSTRAINT_DATATYPE, DataIntegrityViolationException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_CONSTRAINT_TRIGGER, DataIntegrityViolationException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_CONSTRAINT, DataIntegrityViolationException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_MISMATCH, DataIntegrityViolationException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_TOOBIG, DataIntegrityViolationException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_BUSY, CannotAcquireLockException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_BUSY_RECOVERY, CannotAcquireLockException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT, CannotAcquireLockException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_BUSY_TIMEOUT, CannotAcquireLockException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_LOCKED, CannotAcquireLockException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE, CannotAcquireLockException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_READONLY, PermissionDeniedDataAccessException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_READONLY_DBMOVED, PermissionDeniedDataAccessException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_PERM, PermissionDeniedDataAccessException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_AUTH, PermissionDeniedDataAccessException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_CANTOPEN, DataAccessResourceFailureException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_IOERR, DataAccessResourceFailureException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_IOERR_FSYNC, DataAccessResourceFailureException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_FULL, DataAccessResourceFailureException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_CORRUPT, DataAccessResourceFailureException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_NOTADB, DataAccessResourceFailureException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_NOMEM, DataAccessResourceFailureException.class),
				Arguments.of(SQLiteErrorCode.SQLITE_INTERRUPT, QueryTimeoutException.class));
	}

	@ParameterizedTest
	@MethodSource("mapping")
	void resultCodeMapsToTheSpringException(SQLiteErrorCode code, Class<? extends DataAccessException> expected) {
		SQLiteException ex = new SQLiteException("[" + code.name() + "] " + code.message, code);
		DataAccessException translated = this.translator.translate("task", "SELECT 1", ex);
		assertThat(translated).isExactlyInstanceOf(expected).hasCause(ex);
		assertThat(translated.getMessage()).isEqualTo("task; SQL [SELECT 1]; " + ex.getMessage());
	}

	@Test
	void grammarErrorsAreBadSqlGrammarOtherGenericErrorsFallBack() {
		assertThat(this.translator.translate("task", "SELEC 1",
				sqliteError("[SQLITE_ERROR] SQL error or missing database (near \"SELEC\": syntax error)")))
			.isInstanceOf(BadSqlGrammarException.class)
			.satisfies((ex) -> assertThat(((BadSqlGrammarException) ex).getSql()).isEqualTo("SELEC 1"));
		assertThat(this.translator.translate("task", null,
				sqliteError("[SQLITE_ERROR] SQL error or missing database (table p has no column named x)")))
			.isInstanceOf(BadSqlGrammarException.class);
		// Not a mistake in the SQL text: Spring's default chain, which has nothing for it.
		assertThat(this.translator.translate("task", "COMMIT", sqliteError(
				"[SQLITE_ERROR] SQL error or missing database (cannot commit - no transaction is active)")))
			.isNull();
	}

	@Test
	void aConstraintWithoutExtendedCodeIsADuplicateKeyWhenSqliteSaysUnique() {
		SQLException unique = new SQLException("[SQLITE_CONSTRAINT] (UNIQUE constraint failed: item.id)", null, 19);
		SQLException check = new SQLException("[SQLITE_CONSTRAINT] (CHECK constraint failed: n > 0)", null, 19);
		assertThat(this.translator.translate("task", "sql", unique)).isExactlyInstanceOf(DuplicateKeyException.class);
		assertThat(this.translator.translate("task", "sql", check))
			.isExactlyInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void theWriterGateTimeoutIsCannotAcquireLockItsWouldWaitForItselfErrorIsAUsageError() {
		SQLException timeout = new SQLException(
				"[SQLITE_BUSY] The database file is locked (database is locked): waited 200 ms", "HY000", 5);
		SQLException self = new SQLNonTransientException(
				"[SQLITE_BUSY] The database file is locked (database is locked): this thread already has a write "
						+ "transaction open on another connection",
				"HY000", 5);
		assertThat(this.translator.translate("task", null, timeout))
			.isExactlyInstanceOf(CannotAcquireLockException.class)
			.hasCause(timeout);
		assertThat(this.translator.translate("task", null, self))
			.isExactlyInstanceOf(InvalidDataAccessApiUsageException.class);
	}

	@Test
	void otherErrorsGoToSpringsDefaultChain() {
		// SQLITE_ABORT has no entry: Spring's default has none either (JdbcTemplate makes it uncategorized).
		SQLiteException abort = new SQLiteException("[SQLITE_ABORT] Callback routine requested an abort",
				SQLiteErrorCode.SQLITE_ABORT);
		assertThat(this.translator.translate("task", "sql", abort)).isNull();
		// Not a SQLite error at all: Spring's SQL state translation.
		assertThat(this.translator.translate("task", "sql", new SQLException("connection refused", "08001")))
			.isExactlyInstanceOf(DataAccessResourceFailureException.class);
		assertThat(this.translator.translate("task", "sql", new SQLException("vendor code 5, not SQLite", null, 5)))
			.isNull();
	}

	private static SQLiteException sqliteError(String message) {
		return new SQLiteException(message, SQLiteErrorCode.SQLITE_ERROR);
	}

}
