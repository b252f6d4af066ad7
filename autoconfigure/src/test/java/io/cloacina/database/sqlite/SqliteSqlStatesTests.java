package io.cloacina.database.sqlite;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sqlite.SQLiteErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the SQLite-to-SQLState table, by sqlite-jdbc's own result codes and SQLite's own
 * messages.
 */
class SqliteSqlStatesTests {

	@ParameterizedTest(name = "{0} ''{1}'' -> {2}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			SQLITE_CONSTRAINT_PRIMARYKEY | UNIQUE constraint failed: t.id          | 23505
			SQLITE_CONSTRAINT_UNIQUE     | UNIQUE constraint failed: t.code        | 23505
			SQLITE_CONSTRAINT_ROWID      | -                                       | 23505
			SQLITE_CONSTRAINT            | UNIQUE constraint failed: t.code        | 23505
			SQLITE_CONSTRAINT_NOTNULL    | NOT NULL constraint failed: t.name      | 23502
			SQLITE_CONSTRAINT_FOREIGNKEY | FOREIGN KEY constraint failed           | 23503
			SQLITE_CONSTRAINT_CHECK      | CHECK constraint failed: quantity > 0   | 23514
			SQLITE_CONSTRAINT_TRIGGER    | raised by trigger                       | 23000
			SQLITE_CONSTRAINT_DATATYPE   | cannot store TEXT value in INTEGER column | 22P02
			SQLITE_MISMATCH              | datatype mismatch                       | 22000
			SQLITE_TOOBIG                | string or blob too big                  | 22001
			SQLITE_BUSY                  | database is locked                      | 40001
			SQLITE_BUSY_SNAPSHOT         | database is locked                      | 40001
			SQLITE_LOCKED_SHAREDCACHE    | database table is locked                | 40001
			SQLITE_ABORT_ROLLBACK        | abort due to ROLLBACK                   | 40000
			SQLITE_INTERRUPT             | interrupted                             | 57014
			SQLITE_READONLY              | attempt to write a readonly database    | 25006
			SQLITE_PERM                  | access permission denied                | 42501
			SQLITE_AUTH                  | not authorized                          | 42501
			SQLITE_ERROR                 | near "SELEC": syntax error              | 42601
			SQLITE_ERROR                 | incomplete input                        | 42601
			SQLITE_ERROR                 | no such table: missing                  | 42P01
			SQLITE_ERROR                 | no such column: x                       | 42703
			SQLITE_ERROR                 | table item has no column named x        | 42703
			SQLITE_ERROR                 | no such function: f                     | 42883
			SQLITE_ERROR                 | table item already exists               | 42P07
			SQLITE_ERROR                 | ambiguous column name: id               | 42702
			SQLITE_ERROR                 | no such index: i                        | 42000
			SQLITE_ERROR                 | HAVING clause on a non-aggregate query  | 42803
			SQLITE_ERROR                 | misuse of aggregate: count()            | 42803
			SQLITE_ERROR                 | malformed JSON                          | 22032
			SQLITE_ERROR                 | integer overflow                        | 22003
			SQLITE_ERROR                 | cannot start a transaction within a transaction | HY000
			SQLITE_ERROR                 | -                                       | HY000
			SQLITE_CANTOPEN              | unable to open database file            | 08001
			SQLITE_IOERR_WRITE           | disk I/O error                          | 58030
			SQLITE_FULL                  | database or disk is full                | 53100
			SQLITE_NOMEM                 | out of memory                           | 53200
			SQLITE_CORRUPT               | database disk image is malformed        | XX001
			SQLITE_NOTADB                | file is not a database                  | XX001
			SQLITE_MISUSE                | bad parameter or other API misuse       | HY000
			""")
	void sqliteErrorsGetTheStatePostgresqlGivesTheSameFailure(SQLiteErrorCode code, String message, String state) {
		assertThat(SqliteSqlStates.of(code.code, message)).isEqualTo(state);
	}

}
