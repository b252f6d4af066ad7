package io.cloacina.database;

import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A database URL understood: its backend, the JDBC URL to connect with, the credentials and the
 * driver properties its parameters map to. Parse one with {@link #parse(String)}.
 * <p>
 * The password is kept apart from everything printable: {@link #toString()} and
 * {@link #displayUrl()} never contain it.
 *
 * @since 0.1.0
 */
public final class DatabaseUrl {

	private final DatabaseBackend backend;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	private final Map<String, String> properties;

	private final boolean inMemory;

	private final String displayUrl;

	DatabaseUrl(DatabaseBackend backend, String jdbcUrl, String username, String password,
			Map<String, String> properties, boolean inMemory, String displayUrl) {
		this.backend = Objects.requireNonNull(backend);
		this.jdbcUrl = Objects.requireNonNull(jdbcUrl);
		this.username = emptyToNull(username);
		this.password = emptyToNull(password);
		this.properties = new DriverProperties(properties);
		this.inMemory = inMemory;
		this.displayUrl = displayUrl;
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
	public static DatabaseUrl parse(String url) {
		if (url == null || url.isBlank()) {
			throw new InvalidDatabaseUrlException(String.valueOf(url), "the URL is empty");
		}
		String trimmed = url.strip();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
			return PostgresUrls.parseUri(trimmed);
		}
		if (lower.startsWith("jdbc:postgresql:")) {
			return PostgresUrls.parseJdbc(trimmed);
		}
		if (lower.startsWith("jdbc:sqlite:")) {
			return SqliteUrls.parseJdbc(trimmed);
		}
		if (lower.startsWith("jdbc:")) {
			int end = lower.indexOf(':', 5);
			String subprotocol = (end < 0) ? trimmed.substring(5) : trimmed.substring(5, end);
			throw new InvalidDatabaseUrlException(trimmed,
					"the JDBC subprotocol " + UrlMasking.quote(trimmed, subprotocol) + " is not supported");
		}
		if (SqliteUrls.isSqlite(trimmed)) {
			return SqliteUrls.parse(trimmed);
		}
		int scheme = trimmed.indexOf("://");
		if (scheme > 0) {
			throw new InvalidDatabaseUrlException(trimmed,
					"the scheme " + UrlMasking.quote(trimmed, trimmed.substring(0, scheme)) + " is not supported");
		}
		throw new InvalidDatabaseUrlException(trimmed,
				"it is neither a PostgreSQL URL nor a SQLite URL or path");
	}

	/**
	 * The backend this URL names.
	 * @return the backend
	 */
	public DatabaseBackend backend() {
		return this.backend;
	}

	/**
	 * The JDBC URL to connect with, without credentials. For an in-memory SQLite database this is
	 * {@code jdbc:sqlite::memory:}; the data source replaces it with a database of its own.
	 * @return the JDBC URL
	 */
	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	/**
	 * The user name, if the URL gives one.
	 * @return the user name or {@code null}
	 */
	public String username() {
		return this.username;
	}

	/**
	 * The password, if the URL gives one. Never log it.
	 * @return the password or {@code null}
	 */
	public String password() {
		return this.password;
	}

	/**
	 * The driver properties that the URL's parameters map to (pgjdbc or sqlite-jdbc names).
	 * @return an unmodifiable map, in the order given
	 */
	public Map<String, String> properties() {
		return this.properties;
	}

	/**
	 * Whether this names an in-memory SQLite database.
	 * @return {@code true} for {@code :memory:} and its spellings
	 */
	public boolean inMemory() {
		return this.inMemory;
	}

	/**
	 * The SQLite database file this URL names, as an absolute path, whichever form the URL has
	 * ({@code sqlite://}, a plain path, a {@code file:} URI or a {@code jdbc:sqlite:} URL). Symbolic
	 * links are not resolved: use {@link Path#toRealPath} for that.
	 * @return the file, or {@code null} for PostgreSQL and in-memory SQLite
	 */
	public Path file() {
		if (this.backend != DatabaseBackend.SQLITE || this.inMemory) {
			return null;
		}
		String location = this.jdbcUrl.substring("jdbc:sqlite:".length());
		if (location.regionMatches(true, 0, "file:", 0, 5)) {
			int question = location.indexOf('?');
			String path = location.substring(5, (question >= 0) ? question : location.length());
			if (path.startsWith("//")) {
				// file://[authority]/path: SQLite accepts an empty authority or "localhost".
				int slash = path.indexOf('/', 2);
				path = (slash >= 0) ? path.substring(slash) : "";
			}
			location = PostgresUrls.decode(this.displayUrl, path, "path");
		}
		return Path.of(location).toAbsolutePath().normalize();
	}

	/**
	 * The URL as users wrote it, with the password masked: safe for logs and messages.
	 * @return the printable URL
	 */
	public String displayUrl() {
		return this.displayUrl;
	}

	/**
	 * A copy with the given credentials taking precedence over those of the URL.
	 * @param username the user name, or {@code null} to keep the URL's
	 * @param password the password, or {@code null} to keep the URL's
	 * @return the URL with those credentials
	 */
	public DatabaseUrl withCredentials(String username, String password) {
		if (emptyToNull(username) == null && emptyToNull(password) == null) {
			return this;
		}
		if (this.backend == DatabaseBackend.SQLITE) {
			throw new DatabaseConfigurationException(
					"cloacina.database.username and cloacina.database.password do not apply to SQLite ("
							+ this.displayUrl + ")",
					"Remove them, or point cloacina.database.url at a PostgreSQL database.");
		}
		return new DatabaseUrl(this.backend, this.jdbcUrl, (emptyToNull(username) != null) ? username : this.username,
				(emptyToNull(password) != null) ? password : this.password, this.properties, this.inMemory,
				this.displayUrl);
	}

	@Override
	public String toString() {
		return "DatabaseUrl[backend=" + this.backend + ", url=" + this.displayUrl
				+ ((this.username != null) ? ", username=" + this.username : "")
				+ ((this.password != null) ? ", password=" + UrlMasking.MASK : "") + "]";
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

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
