package io.cloacina.database;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a database URL cannot be understood. The message names the URL with its password
 * masked, says what was wrong and lists the accepted forms.
 *
 * @since 0.1.0
 */
public class InvalidDatabaseUrlException extends DatabaseConfigurationException {

	/** The accepted URL forms, shown to users in messages and failure analyses. */
	public static final String ACCEPTED_FORMS = """
			Accepted forms:
			  PostgreSQL: postgres://[user[:password]@][host][:port][,host2[:port2]...][/database][?param=value&...]
			              postgresql://... (the same), or a jdbc:postgresql: URL (used unchanged)
			  SQLite:     sqlite://relative/path.db, sqlite:///absolute/path.db, sqlite::memory:, :memory:,
			              file: URIs, plain paths (/..., ./..., ../..., or ending .db, .sqlite, .sqlite3),
			              or a jdbc:sqlite: URL""";

	private final String maskedUrl;

	/**
	 * Create a new exception.
	 * @param url the URL as given (it is masked here, never stored in clear)
	 * @param problem what is wrong with it, without any password
	 */
	public InvalidDatabaseUrlException(String url, String problem) {
		this(UrlMasking.mask(url), problem, true);
	}

	private InvalidDatabaseUrlException(String maskedUrl, String problem, boolean masked) {
		super("Invalid database URL '" + maskedUrl + "': " + problem,
				"Use a supported URL. " + ACCEPTED_FORMS);
		this.maskedUrl = maskedUrl;
	}

	/**
	 * The URL that was rejected, with any password masked.
	 * @return the masked URL
	 */
	public String getMaskedUrl() {
		return this.maskedUrl;
	}

	/**
	 * A piece of a URL as a message about it may show it: in single quotes when the masked URL shows
	 * it too, else {@code (hidden)}, so that a message never reveals more than
	 * {@link DatabaseUrl#mask(String)} does.
	 * @param url the whole URL the piece comes from
	 * @param piece the piece to show
	 * @return the piece in single quotes, {@code (hidden)}, or {@code (none)} for {@code null}
	 */
	public static String quote(String url, @Nullable String piece) {
		return UrlMasking.quote(url, piece);
	}

}
