package io.cloacina.database;

import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.cloacina.database.postgresql.PostgresUrls;
import io.cloacina.database.sqlite.SqliteUrls;
import org.jspecify.annotations.Nullable;

/**
 * A database URL understood: its backend, the JDBC URL to connect with, the credentials and the
 * driver properties its parameters map to. Parse one with {@link #parse(String)}.
 * <p>
 * The password is kept apart from everything printable: {@link #toString()} and
 * {@link #displayUrl()} never contain it.
 *
 * @param backend the backend the URL names
 * @param jdbcUrl the JDBC URL to connect with, without credentials; for an in-memory SQLite database
 * {@code jdbc:sqlite::memory:}, which the data source replaces with a database of its own
 * @param username the user name, if the URL gives one
 * @param password the password, if the URL gives one; never log it
 * @param properties the driver properties that the URL's parameters map to (pgjdbc or sqlite-jdbc
 * names), in the order given
 * @param file the SQLite database file as an absolute path, whichever form the URL has; {@code null}
 * for PostgreSQL and in-memory SQLite. Symbolic links are not resolved: use {@link Path#toRealPath}
 * for that
 * @param displayUrl the URL as users wrote it, with the password masked: safe for logs and messages
 * @since 0.1.0
 */
public record DatabaseUrl(DatabaseBackend backend, String jdbcUrl, @Nullable String username,
		@Nullable String password, Map<String, String> properties, @Nullable Path file, String displayUrl) {

	/** The URL schemes with "//", in order of preference when a misspelt one is as near to two. */
	private static final List<String> SCHEMES = List.of("postgresql", "postgres", "sqlite");

	/**
	 * Create a URL from its parts, checked for consistency; {@link #parse(String)} is how an
	 * application gets one.
	 * @throws IllegalArgumentException if the JDBC URL is not one of the backend, or a PostgreSQL URL
	 * names a file
	 * @throws DatabaseConfigurationException if credentials are given for SQLite
	 */
	public DatabaseUrl {
		Objects.requireNonNull(backend, "backend");
		Objects.requireNonNull(jdbcUrl, "jdbcUrl");
		Objects.requireNonNull(displayUrl, "displayUrl");
		if (!backend.matchesJdbcUrl(jdbcUrl)) {
			throw new IllegalArgumentException("The JDBC URL of a " + backend + " database must start with "
					+ backend.jdbcUrlPrefix() + ", got " + mask(jdbcUrl));
		}
		username = emptyToNull(username);
		password = emptyToNull(password);
		if (backend == DatabaseBackend.SQLITE && (username != null || password != null)) {
			throw new DatabaseConfigurationException(
					"A user name and password do not apply to SQLite (" + displayUrl + ")",
					"Leave the credentials out, or use a PostgreSQL database.");
		}
		if (backend == DatabaseBackend.POSTGRESQL && file != null) {
			throw new IllegalArgumentException("A PostgreSQL URL names no database file");
		}
		properties = (properties instanceof DriverProperties) ? properties : new DriverProperties(properties);
	}

	/**
	 * Parse a database URL. PostgreSQL: {@code postgres://} and {@code postgresql://} URIs as libpq
	 * documents them, or {@code jdbc:postgresql:} URLs (used unchanged). SQLite:
	 * {@code sqlite://relative.db}, {@code sqlite:///absolute.db}, {@code sqlite::memory:},
	 * {@code :memory:}, {@code file:} URIs, plain paths, or {@code jdbc:sqlite:} URLs.
	 * @param url the URL
	 * @return the parsed URL
	 * @throws InvalidDatabaseUrlException if the URL is not one of the accepted forms, or one of its
	 * parameters has no equivalent in the backend's driver
	 */
	public static DatabaseUrl parse(@Nullable String url) {
		if (url == null || url.isBlank()) {
			throw new InvalidDatabaseUrlException(String.valueOf(url), "the URL is empty");
		}
		String trimmed = url.strip();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
			return PostgresUrls.parseUri(trimmed);
		}
		if (DatabaseBackend.POSTGRESQL.matchesJdbcUrl(trimmed)) {
			return PostgresUrls.parseJdbc(trimmed);
		}
		if (DatabaseBackend.SQLITE.matchesJdbcUrl(trimmed)) {
			return SqliteUrls.parseJdbc(trimmed);
		}
		if (lower.startsWith("jdbc:")) {
			int end = lower.indexOf(':', 5);
			String subprotocol = (end < 0) ? trimmed.substring(5) : trimmed.substring(5, end);
			throw new InvalidDatabaseUrlException(trimmed, "the JDBC subprotocol "
					+ InvalidDatabaseUrlException.quote(trimmed, subprotocol) + " is not supported"
					+ InvalidDatabaseUrlException.didYouMean(trimmed, subprotocol, List.of("postgresql", "sqlite")));
		}
		if (SqliteUrls.isSqliteUrl(trimmed)) {
			return SqliteUrls.parse(trimmed);
		}
		int scheme = trimmed.indexOf("://");
		if (scheme > 0) {
			String name = trimmed.substring(0, scheme);
			throw new InvalidDatabaseUrlException(trimmed, "the scheme " + InvalidDatabaseUrlException.quote(trimmed, name)
					+ " is not supported" + InvalidDatabaseUrlException.didYouMean(trimmed, name, SCHEMES));
		}
		throw new InvalidDatabaseUrlException(trimmed, "it is neither a PostgreSQL URL nor a SQLite URL or path");
	}

	/**
	 * A URL with its passwords masked, wherever they stand: in the user-info part
	 * ({@code user:secret@host}) or as a parameter ({@code password=secret}). Works on any text, also
	 * on a URL that cannot be parsed, and errs on the side of hiding too much.
	 * @param url the URL, may be {@code null} or malformed
	 * @return the URL with passwords replaced by {@code ****}
	 */
	public static String mask(@Nullable String url) {
		return UrlMasking.mask(url);
	}

	/**
	 * Whether this names an in-memory SQLite database.
	 * @return {@code true} for {@code :memory:} and its spellings
	 */
	public boolean inMemory() {
		return this.backend == DatabaseBackend.SQLITE && this.file == null;
	}

	/**
	 * A copy with the given credentials taking precedence over those of the URL.
	 * @param username the user name, or {@code null} to keep the URL's
	 * @param password the password, or {@code null} to keep the URL's
	 * @return the URL with those credentials
	 * @throws DatabaseConfigurationException if the database is SQLite, which has no credentials
	 */
	public DatabaseUrl withCredentials(@Nullable String username, @Nullable String password) {
		if (emptyToNull(username) == null && emptyToNull(password) == null) {
			return this;
		}
		return new DatabaseUrl(this.backend, this.jdbcUrl, (emptyToNull(username) != null) ? username : this.username,
				(emptyToNull(password) != null) ? password : this.password, this.properties, this.file,
				this.displayUrl);
	}

	@Override
	public String toString() {
		return "DatabaseUrl[backend=" + this.backend + ", url=" + this.displayUrl
				+ ((this.username != null) ? ", username=" + this.username : "")
				+ ((this.password != null) ? ", password=" + UrlMasking.MASK : "") + "]";
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	/** Driver properties whose string form hides secret values such as {@code sslpassword}. */
	private static final class DriverProperties extends AbstractMap<String, String> {

		private final Map<String, String> properties;

		DriverProperties(Map<String, String> properties) {
			this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
		}

		@Override
		public Set<Entry<String, String>> entrySet() {
			return this.properties.entrySet();
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder("{");
			this.properties.forEach((name, value) -> {
				text.append((text.length() > 1) ? ", " : "").append(name).append('=');
				text.append(isSecret(name) ? UrlMasking.MASK : value);
			});
			return text.append('}').toString();
		}

		private static boolean isSecret(String name) {
			String lower = name.toLowerCase(Locale.ROOT);
			return lower.contains("password") || lower.contains("key");
		}

	}

}
