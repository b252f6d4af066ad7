package io.cloacina.database;

import java.util.Collection;
import java.util.Locale;

import io.cloacina.database.sqlite.SqliteUrls;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a database URL cannot be understood. The message names the URL with its password
 * masked, says what was wrong (with the nearest accepted name when a scheme, parameter or value looks
 * misspelt) and lists the accepted forms briefly: those of the backend the URL seems meant for, else
 * of both. {@link #getProblem()} is the message without the forms, {@link #getAction()} has them in
 * full.
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

	private static final String POSTGRES_FORMS = "postgres://[user[:password]@]host[:port][/database][?param=value&...], "
			+ "postgresql://... or a jdbc:postgresql: URL";

	private static final String SQLITE_FORMS = "sqlite://relative/path.db, sqlite:///absolute/path.db, "
			+ "sqlite::memory:, file: URIs, plain paths (/..., ./..., or ending .db, .sqlite, .sqlite3) or a jdbc:sqlite: URL";

	private final String maskedUrl;

	private final String problem;

	/**
	 * Create a new exception.
	 * @param url the URL as given (it is masked here, never stored in clear)
	 * @param problem what is wrong with it, without any password
	 */
	public InvalidDatabaseUrlException(String url, String problem) {
		this(UrlMasking.mask(url), problem, acceptedForms(url));
	}

	private InvalidDatabaseUrlException(String maskedUrl, String problem, String forms) {
		super(sentence("Invalid database URL '" + maskedUrl + "': " + problem) + " " + forms,
				"Use a supported URL. " + ACCEPTED_FORMS);
		this.maskedUrl = maskedUrl;
		this.problem = "Invalid database URL '" + maskedUrl + "': " + problem;
	}

	/**
	 * What is wrong, with the URL (password masked) but without the accepted forms that
	 * {@link #getMessage()} adds: for a report that lists them elsewhere, as the failure analysis does
	 * in its action.
	 * @return the problem
	 */
	public String getProblem() {
		return this.problem;
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

	/**
	 * A hint at the accepted name nearest to a misspelt one, for the URL parsers' messages: at most one
	 * edit away for a name of up to four characters, two for longer ones, ignoring case. No hint when
	 * no accepted name is that close, nor when the piece is hidden by {@link #quote(String, String)}
	 * (a guess at it would reveal it).
	 * @param url the whole URL the piece comes from
	 * @param piece the misspelt piece, as given
	 * @param accepted the accepted names, in order of preference on a tie
	 * @return {@code " (did you mean 'name'?)"}, or an empty string
	 */
	public static String didYouMean(String url, @Nullable String piece, Collection<String> accepted) {
		if (piece == null || piece.isEmpty() || !quote(url, piece).startsWith("'")) {
			return "";
		}
		String nearest = NearestName.nearest(piece, accepted);
		return (nearest != null) ? " (did you mean '" + nearest + "'?)" : "";
	}

	private static String sentence(String text) {
		return (text.endsWith(".") || text.endsWith("?")) ? text : text + ".";
	}

	/** The accepted forms of the backend the URL seems meant for, else of both. */
	private static String acceptedForms(@Nullable String url) {
		String lower = (url != null) ? url.strip().toLowerCase(Locale.ROOT) : "";
		if (lower.startsWith("postgres") || lower.startsWith("jdbc:postgres")) {
			return "Accepted PostgreSQL forms: " + POSTGRES_FORMS + ".";
		}
		if (!lower.isEmpty() && (lower.startsWith("sqlite") || lower.startsWith("jdbc:sqlite")
				|| SqliteUrls.isSqliteUrl(lower))) {
			return "Accepted SQLite forms: " + SQLITE_FORMS + ".";
		}
		return "Accepted forms: PostgreSQL " + POSTGRES_FORMS + "; SQLite " + SQLITE_FORMS + ".";
	}

}
