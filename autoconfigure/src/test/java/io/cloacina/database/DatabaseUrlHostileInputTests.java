package io.cloacina.database;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * URLs an operator can get wrong or an attacker can craft, each refused up front with a message that
 * says what is wrong and what is accepted: those that would split the data between connections,
 * turn off SQLite's locking, open another file than the one named, or fail only later; and
 * PostgreSQL URLs whose unencoded password would name another host.
 */
class DatabaseUrlHostileInputTests {

	@ParameterizedTest
	@ValueSource(strings = { "sqlite://:resource:http://127.0.0.1:1/app.db", "sqlite://:resource:org/app/seed.db",
			"jdbc:sqlite::resource:http://127.0.0.1:1/app.db", ":resource:seed.db",
			"jdbc:sqlite::resource:jar:file:/x.jar!/seed.db" })
	void resourceUrlsAreRefusedBecauseEachConnectionGetsItsOwnCopy(String url) {
		assertRefused(url, "':resource:'", "its own temporary copy");
	}

	/**
	 * A path that is no file name on this system (an unpaired UTF-16 surrogate; any character the
	 * platform's file name encoding cannot map) is refused with the typed exception, not a
	 * {@code java.nio.file.InvalidPathException}. Found by {@code DatabaseUrlPropertyTests}, which failed
	 * now and then when a random path held such a character.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/tmp/a\ud800b.db", "./x\udc00.db", "sqlite:///tmp/a\ud800.db", "sqlite://rel\udbff.db",
			"jdbc:sqlite:/tmp/a\udfff.db", "file:/tmp/a\ud800.db" })
	void aPathThatIsNoFileNameOnThisSystemIsRefusedWithTheTypedException(String url) {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class).isThrownBy(() -> DatabaseUrl.parse(url))
			.withMessageContaining("not a valid file name");
	}

	@Test
	void modeMemoryInASqliteUrlIsRefusedBecauseItStillCreatesTheFile() {
		assertRefused("sqlite://data/app.db?mode=memory", "'mode=memory'", "sqlite::memory:");
		assertRefused("./app.db?mode=memory", "'mode=memory'", "sqlite::memory:");
		// In a file: URI SQLite reads mode=memory itself, and the data source makes it one shared database.
		assertThat(DatabaseUrl.parse("file:app?mode=memory").inMemory()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite://app.db?open_mode=abc", "sqlite://app.db?open_mode=", "sqlite://app.db?open_mode=0x2",
			"jdbc:sqlite:app.db?open_mode=99999999999" })
	void openModeThatIsNotANumberIsRefusedUpFront(String url) {
		assertRefused(url, "'open_mode'", "mode=ro");
	}

	@Test
	void openModeFlagsThatSplitOrLoseDataAreRefused() {
		// SQLITE_OPEN_MEMORY: every connection its own private database.
		assertRefused("sqlite://app.db?open_mode=134", "'open_mode'", "MEMORY");
		// Shared cache: managed by the data source.
		assertRefused("sqlite://app.db?open_mode=131078", "'open_mode'", "SHAREDCACHE");
		// Neither read-only nor read-write.
		assertRefused("sqlite://app.db?open_mode=4", "'open_mode'", "READONLY or READWRITE");
		assertThat(DatabaseUrl.parse("sqlite://app.db?open_mode=1").properties()).containsEntry("open_mode", "1");
		assertThat(DatabaseUrl.parse("sqlite://app.db?open_mode=6").properties()).containsEntry("open_mode", "6");
	}

	@Test
	void settingsGivenAsDriverPropertiesAreValidatedTheSameWay() {
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://app.db"))
				.properties(Map.of("open_mode", "abc"))
				.build())
			.withMessageContaining("'open_mode'");
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://app.db"))
				.properties(Map.of("cache_size", "lots"))
				.build())
			.withMessageContaining("'cache_size'")
			.withMessageContaining("whole number");
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite://app.db?cache_size=lots", "sqlite://app.db?page_size=4k",
			"sqlite://app.db?mmap_size=1;DROP", "sqlite://app.db?busy_timeout=-1", "sqlite://app.db?limit_length=x" })
	void numericSettingsMustBeWholeNumbers(String url) {
		assertRefused(url, "whole number");
	}

	@Test
	void negativeCacheSizeIsStillAccepted() {
		assertThat(DatabaseUrl.parse("sqlite://app.db?cache_size=-20000").properties()).containsEntry("cache_size",
				"-20000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite:///tmp/app%00.db", "sqlite:///tmp/app%00evil/x.db", "file:/tmp/app%00.db",
			"jdbc:sqlite:file:/tmp/app%00.db", "/tmp/app\u0000.db", "sqlite://app\u0001.db" })
	void nulAndControlCharactersInAPathAreRefusedNotTruncated(String url) {
		assertRefused(url, "control character");
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite:///tmp/app.db%3Fjournal_mode%3Doff", "sqlite://file%3Aapp.db%3Fvfs%3Dunix-none" })
	void encodedPiecesThatTheDriverWouldReadAsUrlSyntaxAreRefused(String url) {
		assertRefused(url, "percent-encoded");
	}

	@ParameterizedTest
	@ValueSource(strings = { "file:/tmp/app.db?vfs=unix-none", "jdbc:sqlite:file:/tmp/app.db?vfs=unix-none",
			"file:/tmp/app.db?vfs=unix-dotfile", "file:/tmp/app.db?vfs=win32-none", "file:/tmp/app.db?vfs=memdb" })
	void vfsWithoutOrWithIncompatibleLockingIsRefused(String url) {
		assertRefused(url, "'vfs'", "unix, unix-excl");
	}

	@ParameterizedTest
	@ValueSource(strings = { "file:/tmp/app.db?nolock=1", "file:/tmp/app.db?nolock=true",
			"jdbc:sqlite:file:/tmp/app.db?nolock=yes" })
	void nolockIsRefused(String url) {
		assertRefused(url, "'nolock'", "locking");
	}

	@Test
	void immutableAndSharedCacheOnAFileAreRefused() {
		assertRefused("file:/tmp/app.db?immutable=1", "'immutable'", "mode=ro");
		assertRefused("file:/tmp/app.db?cache=shared", "'cache=shared'");
	}

	@Test
	void journalModesThatCorruptTheFileOnACrashAreRefused() {
		assertRefused("sqlite://app.db?journal_mode=off", "'journal_mode'", "corrupt");
		assertRefused("sqlite://app.db?journal_mode=MEMORY", "'journal_mode'", "corrupt");
		assertThat(DatabaseUrl.parse("sqlite://app.db?journal_mode=truncate").properties())
			.containsEntry("journal_mode", "truncate");
	}

	@Test
	void safeFileUriParametersAreStillAccepted() {
		assertThat(DatabaseUrl.parse("file:/tmp/app.db?vfs=unix-excl&nolock=0&immutable=0&cache=private&mode=rwc")
			.jdbcUrl()).isEqualTo("jdbc:sqlite:file:/tmp/app.db?vfs=unix-excl&nolock=0&immutable=0&cache=private&mode=rwc");
		assertThat(DatabaseUrl.parse("file:/tmp/app.db?vfs=unix").jdbcUrl()).isEqualTo("jdbc:sqlite:file:/tmp/app.db?vfs=unix");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://app:Kq7@Zx9@db.example.com:5432/app",
			"postgresql://app:Kq7/Zx9@db.example.com:5432/app", "postgres://app:Kq7@Z:x/9@db.example.com:5432/app",
			"postgresql://app:Kq7:Zx/9@db.example.com/app", "postgresql://app:Kq7@Zx9@db.example.com/app?sslmode=require",
			"postgresql://app:Kq7/Zx9@db.example.com" })
	void unencodedAtOrSlashInThePasswordIsRefusedWithoutShowingAnyOfIt(String url) {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class).isThrownBy(() -> DatabaseUrl.parse(url))
			.satisfies((ex) -> {
				String shown = ex.getMessage() + ex.getAction() + ex.getMaskedUrl();
				assertThat(shown).doesNotContain("Kq7").doesNotContain("Zx").doesNotContain("(hidden)");
				// The URL layer names no configuration property: the auto-configuration's analysis does.
				assertThat(shown).doesNotContain("cloacina.database");
				assertThat(ex.getMessage()).contains("'@'").contains("'/'")
					.contains("percent-encode")
					.contains("leave the password out of the URL")
					.contains("app:****@db.example.com");
			});
	}

	@Test
	void bothRemediesWork() {
		DatabaseUrl encoded = DatabaseUrl.parse("postgresql://app:Kq7%40Z%3Ax%2F9@db.example.com:5432/app");
		assertThat(encoded.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/app");
		assertThat(encoded.password()).isEqualTo("Kq7@Z:x/9");
		DatabaseUrl property = DatabaseUrl.parse("postgresql://app@db.example.com:5432/app")
			.withCredentials(null, "Kq7@Z:x/9");
		assertThat(property.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/app");
		assertThat(property.password()).isEqualTo("Kq7@Z:x/9");
	}

	@Test
	void theDisplayedUrlIsTheOneUsedEvenWithAnAtSignInAParameter() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://app:Kq7Zx9@db.example.com/app?application_name=me@corp");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com/app");
		assertThat(url.displayUrl()).isEqualTo("postgresql://app:****@db.example.com/app?application_name=me@corp");
		DatabaseUrl question = DatabaseUrl.parse("postgresql://app:Kq7?Zx9@db.example.com/app");
		assertThat(question.password()).isEqualTo("Kq7?Zx9");
		assertThat(question.displayUrl()).isEqualTo("postgresql://app:****@db.example.com/app");
	}

	@Test
	void anAtSignInTheDatabaseNameMustBeEncodedToo() {
		assertRefused("postgresql://db.example.com/my@db", "percent-encode");
		assertThat(DatabaseUrl.parse("postgresql://db.example.com/my%40db").jdbcUrl())
			.isEqualTo("jdbc:postgresql://db.example.com/my%40db");
	}

	private static void assertRefused(String url, String... fragments) {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class).isThrownBy(() -> DatabaseUrl.parse(url))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).startsWith("Invalid database URL '").contains(fragments);
				assertThat(ex.getAction()).contains("Accepted forms");
			});
	}

}
