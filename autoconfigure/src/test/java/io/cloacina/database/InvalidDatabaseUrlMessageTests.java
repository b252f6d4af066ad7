package io.cloacina.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The message of an {@link InvalidDatabaseUrlException} alone (as a log or a caller sees it, without
 * the failure analysis) names the accepted forms of the backend concerned and, for a misspelt scheme,
 * parameter or value, the nearest accepted one; never the password.
 */
class InvalidDatabaseUrlMessageTests {

	@ParameterizedTest
	@ValueSource(strings = { "postgres://app:s3cr3t-Pa55@h/db?keepalives_idle=1", "postgresql://h:99999/db",
			"postgres://h/db?foo", "postgres://h/db?sslmode=sometimes" })
	void postgresMessagesListThePostgresForms(String url) {
		InvalidDatabaseUrlException ex = refused(url);
		assertThat(ex.getMessage()).contains("Accepted PostgreSQL forms: postgres://")
			.contains("postgresql://")
			.contains("jdbc:postgresql:")
			.doesNotContain("sqlite::memory:")
			.doesNotContain("s3cr3t-Pa55");
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite://app.db?busytimeout=5000", "sqlite://", "file:/tmp/a.db?vfs=unix-none",
			"jdbc:sqlite:app.db?journal_mode=fast" })
	void sqliteMessagesListTheSqliteForms(String url) {
		InvalidDatabaseUrlException ex = refused(url);
		assertThat(ex.getMessage()).contains("Accepted SQLite forms: sqlite://")
			.contains("sqlite:///")
			.contains("sqlite::memory:")
			.doesNotContain("postgres://");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  ", "database", "mysql://root:s3cr3t-Pa55@localhost/db", "jdbc:h2:mem:x" })
	void otherInputsListBothBackendsForms(String url) {
		InvalidDatabaseUrlException ex = refused(url);
		assertThat(ex.getMessage()).contains("Accepted forms: PostgreSQL postgres://")
			.contains("SQLite sqlite://")
			.doesNotContain("s3cr3t-Pa55");
	}

	@Test
	void theProblemAloneIsAvailableWithoutTheForms() {
		InvalidDatabaseUrlException ex = refused("mysql://root:s3cr3t-Pa55@db/app");
		assertThat(ex.getProblem())
			.isEqualTo("Invalid database URL 'mysql://root:****@db/app': the scheme 'mysql' is not supported");
		assertThat(ex.getMessage()).startsWith(ex.getProblem());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "postgress://app:s3cr3t-Pa55@h/db|'postgres'",
			"postgresq://h/db|'postgresql'", "postgrsql://h/db|'postgresql'", "sqlit://app.db|'sqlite'",
			"sqlite3://app.db|'sqlite'", "jdbc:postgres://h/db|'postgresql'", "jdbc:sqlit:app.db|'sqlite'",
			"POSTGRESS://h/db|'postgres'" })
	void misspeltSchemesNameTheNearestOne(String url, String suggestion) {
		assertThat(refused(url).getMessage()).contains("did you mean " + suggestion + "?").doesNotContain("s3cr3t-Pa55");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			value = { "postgres://u:s3cr3t-Pa55@h/db?sslmod=disable|'sslmode'",
					"postgres://h/db?applicaton_name=x|'application_name'",
					"postgres://h/db?conect_timeout=5|'connect_timeout'", "postgres://h/db?SSLMODE=require|'sslmode'",
					"postgres://h/db?target_session_atrs=any|'target_session_attrs'",
					"postgres://h/db?sslmode=disabel|'disable'", "postgres://h/db?sslmode=verify_full|'verify-full'",
					"postgres://h/db?target_session_attrs=readwrite|'read-write'",
					"sqlite://app.db?busytimeout=5000|'busy_timeout'", "sqlite://app.db?jounral_mode=wal|'journal_mode'",
					"jdbc:sqlite:app.db?synchronus=full|'synchronous'", "file:app.db?cache_sise=10|'cache_size'",
					"sqlite://app.db?journal_mode=wall|'wal'", "sqlite://app.db?synchronous=ful|'full'",
					"file:app.db?mode=memroy|'memory'" })
	void misspeltParametersAndValuesNameTheNearestOne(String url, String suggestion) {
		InvalidDatabaseUrlException ex = refused(url);
		assertThat(ex.getMessage()).contains("did you mean " + suggestion + "?").doesNotContain("s3cr3t-Pa55");
		assertThat(ex.getProblem()).contains("did you mean " + suggestion + "?");
	}

	@ParameterizedTest
	@ValueSource(strings = { "mysql://h/db", "redis://h", "http://example.com/x.db?y", "jdbc:h2:mem:x",
			"postgres://h/db?keepalives_idle=10", "postgres://h/db?xyzzy=1", "postgres://h/db?sslmode=sometimes",
			"sqlite://app.db?foo=1", "sqlite://app.db?journal_mode=fast", "postgres://h/db?ssl=true" })
	void farOffInputsGetNoSuggestion(String url) {
		assertThat(refused(url).getMessage()).doesNotContain("did you mean");
	}

	@Test
	void sqliteWithOneSlashIsAnAbsolutePathAndStaysAccepted() {
		assertThat(DatabaseUrl.parse("sqlite:/tmp/x.db").jdbcUrl()).isEqualTo("jdbc:sqlite:/tmp/x.db");
	}

	private static InvalidDatabaseUrlException refused(String url) {
		return assertThatExceptionOfType(InvalidDatabaseUrlException.class).isThrownBy(() -> DatabaseUrl.parse(url))
			.actual();
	}

}
