package io.cloacina.database;

import java.util.Map;

import io.cloacina.database.postgresql.PostgresUrls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DatabaseUrlTests {

	@Test
	void postgresUriWithEverything() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://alice:s3cr%40t@db.example.com:6543/orders?sslmode=require"
				+ "&application_name=billing&connect_timeout=7&options=-c%20statement_timeout%3D5s"
				+ "&target_session_attrs=read-write");
		assertThat(url.backend()).isEqualTo(DatabaseBackend.POSTGRESQL);
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/orders");
		assertThat(url.username()).isEqualTo("alice");
		assertThat(url.password()).isEqualTo("s3cr@t");
		assertThat(url.properties()).containsExactly(Map.entry("sslmode", "require"),
				Map.entry("ApplicationName", "billing"), Map.entry("connectTimeout", "7"),
				Map.entry("options", "-c statement_timeout=5s"), Map.entry("targetServerType", "primary"));
		assertThat(url.displayUrl()).doesNotContain("s3cr").contains("alice:****@db.example.com");
		assertThat(url.toString()).doesNotContain("s3cr");
	}

	@Test
	void postgresqlSchemeMinimal() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/");
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void postgresSeveralHostsAndIpv6() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://h1:5432,h2:5433,[2001:db8::1]:5434,[::1]/app");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433,[2001:db8::1]:5434,[::1]/app");
	}

	@Test
	void postgresHostPortUserDbnameAsParameters() {
		DatabaseUrl url = DatabaseUrl
			.parse("postgresql:///ignored?host=a,b&port=5433&user=bob&dbname=my%20db&password=pw%26x");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://a:5433,b:5433/my%20db");
		assertThat(url.username()).isEqualTo("bob");
		assertThat(url.password()).isEqualTo("pw&x");
		assertThat(url.displayUrl()).doesNotContain("pw%26x").contains("password=****");
	}

	@Test
	void postgresBareIpv6HostParameterIsBracketed() {
		assertThat(DatabaseUrl.parse("postgresql://?host=::1&port=5432").jdbcUrl())
			.isEqualTo("jdbc:postgresql://[::1]:5432/");
	}

	@Test
	void postgresParametersMapToPgjdbcProperties() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://h/db?keepalives=0&load_balance_hosts=random"
				+ "&target_session_attrs=prefer-standby&gssencmode=disable&sslrootcert=/etc/ca.pem&krbsrvname=pg");
		assertThat(url.properties()).containsEntry("tcpKeepAlive", "false")
			.containsEntry("loadBalanceHosts", "true")
			.containsEntry("targetServerType", "preferSecondary")
			.containsEntry("gssEncMode", "disable")
			.containsEntry("sslrootcert", "/etc/ca.pem")
			.containsEntry("kerberosServerName", "pg");
	}

	@Test
	void postgresParameterWithoutEquivalentIsAnErrorNamingIt() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgres://u:hunter22@h/db?keepalives_idle=10"))
			.withMessageContaining("'keepalives_idle'")
			.withMessageContaining("no equivalent")
			.withMessageContaining("sslmode")
			.withMessageNotContaining("hunter22");
	}

	@Test
	void postgresBadValuesAreErrors() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgres://h/db?sslmode=sometimes"))
			.withMessageContaining("'sslmode'")
			.withMessageContaining("verify-full");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgres://h:99999/db"))
			.withMessageContaining("'99999'");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgres://h1,h2,h3/db?port=1,2"))
			.withMessageContaining("3 host(s) but 2 ports");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgres://%2Fvar%2Frun%2Fpostgresql/db"))
			.withMessageContaining("Unix-domain socket");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgres://u:bad%zzpass@h/db"))
			.withMessageContaining("percent-encoding")
			.withMessageNotContaining("bad%zz");
	}

	@Test
	void pgbouncerParameterSaysATransactionPoolerIsInFrontAndIsNotGivenToPgjdbc() {
		DatabaseUrl uri = DatabaseUrl.parse("postgres://u:hunter22@h:6432/db?sslmode=require&pgbouncer=true");
		assertThat(PostgresUrls.pooler(uri)).isEqualTo(ConnectionPooler.TRANSACTION);
		assertThat(uri.jdbcUrl()).isEqualTo("jdbc:postgresql://h:6432/db");
		DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://h:6432/db?PgBouncer=TRUE&ssl=true");
		assertThat(PostgresUrls.pooler(jdbc)).isEqualTo(ConnectionPooler.TRANSACTION);
		assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://h:6432/db?ssl=true");
		assertThat(PostgresUrls.pooler(DatabaseUrl.parse("postgres://h/db?pgbouncer=false"))).isEqualTo(ConnectionPooler.NONE);
		assertThat(PostgresUrls.pooler(DatabaseUrl.parse("postgres://h/db"))).isNull();
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgres://u:hunter22@h/db?pgbouncer=yes"))
			.withMessageContaining("'pgbouncer' has the value 'yes'")
			.withMessageContaining("accepted values: true, false")
			.withMessageNotContaining("hunter22");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("jdbc:postgresql://h/db?pgbouncer=1"))
			.withMessageContaining("accepted values: true, false");
	}

	@Test
	void jdbcPostgresqlPassesThroughUnchanged() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=u&password=topsecret&ssl=true");
		assertThat(url.backend()).isEqualTo(DatabaseBackend.POSTGRESQL);
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=topsecret&ssl=true");
		assertThat(url.displayUrl()).doesNotContain("topsecret");
		assertThat(url.toString()).doesNotContain("topsecret");
	}

	@Test
	void sqliteForms() {
		assertSqlite("sqlite://data/app.db", "jdbc:sqlite:data/app.db", false);
		assertSqlite("sqlite:///var/lib/app.db", "jdbc:sqlite:/var/lib/app.db", false);
		assertSqlite("sqlite::memory:", "jdbc:sqlite::memory:", true);
		assertSqlite("sqlite://:memory:", "jdbc:sqlite::memory:", true);
		assertSqlite(":memory:", "jdbc:sqlite::memory:", true);
		assertSqlite("/tmp/x.db", "jdbc:sqlite:/tmp/x.db", false);
		assertSqlite("./x", "jdbc:sqlite:./x", false);
		assertSqlite("../up/x", "jdbc:sqlite:../up/x", false);
		assertSqlite("plain.sqlite", "jdbc:sqlite:plain.sqlite", false);
		assertSqlite("dir/plain.sqlite3", "jdbc:sqlite:dir/plain.sqlite3", false);
		assertSqlite("file:data.db?mode=ro", "jdbc:sqlite:file:data.db?mode=ro", false);
		assertSqlite("file::memory:", "jdbc:sqlite::memory:", true);
		assertSqlite("file:shared?mode=memory&cache=shared", "jdbc:sqlite:file:shared?mode=memory&cache=shared",
				true);
		assertSqlite("jdbc:sqlite:/abs/x.db", "jdbc:sqlite:/abs/x.db", false);
		assertSqlite("jdbc:sqlite::memory:", "jdbc:sqlite::memory:", true);
		assertSqlite("jdbc:sqlite:", "jdbc:sqlite::memory:", true);
	}

	@Test
	void sqliteParametersBecomeDriverSettings() {
		DatabaseUrl url = DatabaseUrl.parse("sqlite://app.db?busy_timeout=5000&cache_size=-20000&journal_mode=truncate");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:app.db");
		assertThat(url.properties()).containsEntry("busy_timeout", "5000")
			.containsEntry("cache_size", "-20000")
			.containsEntry("journal_mode", "truncate");
		DatabaseUrl fileUri = DatabaseUrl.parse("file:app.db?cache=private&synchronous=full");
		assertThat(fileUri.jdbcUrl()).isEqualTo("jdbc:sqlite:file:app.db?cache=private");
		assertThat(fileUri.properties()).containsEntry("synchronous", "full");
	}

	@Test
	void sqliteUnknownOrManagedParametersAreRejectedByName() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("sqlite://app.db?busytimeout=5000"))
			.withMessageContaining("'busytimeout'")
			.withMessageContaining("busy_timeout");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("jdbc:sqlite:app.db?journal_mode=fast"))
			.withMessageContaining("'journal_mode'")
			.withMessageContaining("wal");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("sqlite://app.db?transaction_mode=deferred"))
			.withMessageContaining("managed by the starter");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("sqlite://"))
			.withMessageContaining("names no database file");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "database", "mysql://root:pa55word@localhost/db", "jdbc:mysql://h/db",
			"jdbc:h2:mem:x", "http://example.com/x.db?y", "redis://h" })
	void unsupportedInputsFailWithTheAcceptedForms(String input) {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class).isThrownBy(() -> DatabaseUrl.parse(input))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).startsWith("Invalid database URL '");
				assertThat(ex.getMessage()).doesNotContain("pa55word");
				assertThat(ex.getAction()).contains("postgres://").contains("sqlite::memory:").contains("jdbc:sqlite:");
			});
	}

	@Test
	void unsupportedSchemeIsNamed() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("mysql://root:pa55word@localhost/db"))
			.withMessageContaining("scheme 'mysql'")
			.withMessageContaining("mysql://root:****@localhost/db");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("jdbc:mysql://h/db"))
			.withMessageContaining("JDBC subprotocol 'mysql'");
	}

	@Test
	void credentialsOverrideThoseOfTheUrl() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://alice:old@h/db").withCredentials("bob", "new");
		assertThat(url.username()).isEqualTo("bob");
		assertThat(url.password()).isEqualTo("new");
		DatabaseUrl complemented = DatabaseUrl.parse("postgres://h/db").withCredentials(null, "only-password");
		assertThat(complemented.username()).isNull();
		assertThat(complemented.password()).isEqualTo("only-password");
		assertThat(complemented.toString()).doesNotContain("only-password");
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> DatabaseUrl.parse("sqlite://a.db").withCredentials("u", "p"))
			.withMessageContaining("do not apply to SQLite")
			.withMessageNotContaining("=p");
	}

	private static void assertSqlite(String input, String jdbcUrl, boolean memory) {
		DatabaseUrl url = DatabaseUrl.parse(input);
		assertThat(url.backend()).as(input).isEqualTo(DatabaseBackend.SQLITE);
		assertThat(url.jdbcUrl()).as(input).isEqualTo(jdbcUrl);
		assertThat(url.inMemory()).as(input).isEqualTo(memory);
	}

}
