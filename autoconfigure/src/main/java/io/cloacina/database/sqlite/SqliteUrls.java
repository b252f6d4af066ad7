package io.cloacina.database.sqlite;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.InvalidDatabaseUrlException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite URL forms that {@link DatabaseUrl#parse(String)} accepts: {@code sqlite:} URLs,
 * {@code :memory:}, {@code file:} URIs, plain paths and {@code jdbc:sqlite:} URLs. Query parameters
 * become sqlite-jdbc settings or are rejected by name: sqlite-jdbc itself silently ignores names it
 * does not know. Applications parse URLs with {@code DatabaseUrl.parse}.
 *
 * @since 0.1.0
 */
public final class SqliteUrls {

	static final String MEMORY_JDBC_URL = "jdbc:sqlite::memory:";

	/** Parameters SQLite itself reads from a {@code file:} URI; they stay in the URI. */
	private static final Set<String> URI_PARAMETERS = Set.of("mode", "cache", "vfs", "immutable", "nolock", "psow",
			"modeof");

	/** VFS names that lock the file as every other SQLite process does by default. */
	private static final List<String> LOCKING_VFS = List.of("unix", "unix-excl", "win32", "win32-longpath");

	/** sqlite-jdbc settings whose value must be a whole number (limits included, by prefix). */
	private static final Set<String> NUMERIC = Set.of("cache_size", "mmap_size", "default_cache_size",
			"incremental_vacuum", "journal_size_limit", "page_size", "max_page_count", "user_version", "application_id");

	/** Open flags a pooled file connection may use; the others split or lose data, or are VFS-internal. */
	private static final int ALLOWED_OPEN_FLAGS = SQLiteOpenMode.READONLY.flag | SQLiteOpenMode.READWRITE.flag
			| SQLiteOpenMode.CREATE.flag | SQLiteOpenMode.OPEN_URI.flag | SQLiteOpenMode.NOMUTEX.flag
			| SQLiteOpenMode.FULLMUTEX.flag | SQLiteOpenMode.PRIVATECACHE.flag;

	private static final String RESOURCE_PREFIX = ":resource:";

	/** Settings the data source manages itself; setting them would break its guarantees. */
	private static final Map<String, String> MANAGED = Map.of("transaction_mode",
			"write transactions always begin IMMEDIATE behind the data source's single-writer gate", "shared_cache",
			"in-memory databases are shared by the data source itself; files do not need a shared cache");

	private SqliteUrls() {
	}

	/**
	 * Whether a URL that is not a JDBC URL has one of the SQLite forms.
	 * @param url the URL, trimmed
	 * @return whether it is a SQLite URL, {@code file:} URI or path
	 */
	public static boolean isSqliteUrl(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.startsWith("sqlite:") || lower.startsWith("file:") || url.equals(":memory:") || url.startsWith("/")
				|| url.startsWith("./") || url.startsWith("../")) {
			return true;
		}
		int question = lower.indexOf('?');
		String path = (question >= 0) ? lower.substring(0, question) : lower;
		return !path.contains("://") && (path.endsWith(".db") || path.endsWith(".sqlite") || path.endsWith(".sqlite3"));
	}

	/**
	 * Parse a SQLite URL, {@code file:} URI or path.
	 * @param url the URL, trimmed, for which {@link #isSqliteUrl(String)} holds
	 * @return the parsed URL
	 * @throws InvalidDatabaseUrlException if it is refused
	 */
	public static DatabaseUrl parse(String url) {
		int question = url.indexOf('?');
		String location = (question >= 0) ? url.substring(0, question) : url;
		String query = (question >= 0) ? url.substring(question + 1) : "";
		String lower = location.toLowerCase(Locale.ROOT);
		if (lower.startsWith("file:")) {
			return fileUri(url, location, query);
		}
		String path;
		boolean decoded = false;
		if (lower.startsWith("sqlite:")) {
			path = location.substring("sqlite:".length());
			if (path.startsWith("//")) {
				path = decode(url, path.substring(2));
				decoded = true;
			}
		}
		else {
			path = location;
		}
		if (path.isEmpty()) {
			throw new InvalidDatabaseUrlException(url,
					"it names no database file; give a path such as sqlite://data/app.db or sqlite::memory:");
		}
		checkPath(url, path, decoded);
		Map<String, String> properties = new LinkedHashMap<>();
		for (Map.Entry<String, String> parameter : parameters(url, query).entrySet()) {
			if (parameter.getKey().equals("mode")) {
				if (parameter.getValue().equals("memory")) {
					throw new InvalidDatabaseUrlException(url, "'mode=memory' is read by SQLite only in a file: URI; "
							+ "here it would still create the database file on disk. For an in-memory database use "
							+ "sqlite::memory: (one database shared by the data source's connections)");
				}
				properties.put("open_mode", String.valueOf(openMode(url, parameter.getValue())));
			}
			else {
				properties.put(setting(url, parameter.getKey(), parameter.getValue()), parameter.getValue());
			}
		}
		boolean memory = path.equals(":memory:");
		String jdbcUrl = memory ? MEMORY_JDBC_URL : "jdbc:sqlite:" + path;
		return sqliteUrl(url, jdbcUrl, properties, memory);
	}

	/**
	 * Refuse a path that sqlite-jdbc would not open as the file it names: a class path or network
	 * resource (copied to a private temporary file per connection), a NUL or control character (SQLite
	 * stops reading the name there), or a percent-encoded '?' or "file:" that the driver would read as
	 * URL syntax.
	 */
	private static void checkPath(String url, String path, boolean decoded) {
		if (path.regionMatches(true, 0, RESOURCE_PREFIX, 0, RESOURCE_PREFIX.length())) {
			throw new InvalidDatabaseUrlException(url, "':resource:' paths are not supported: sqlite-jdbc copies the "
					+ "resource (from the class path or over the network) to a temporary file for every connection, "
					+ "so each pooled connection would read and write its own temporary copy and writes would be lost. "
					+ "Give the path of a database file, e.g. sqlite:///var/lib/app/app.db");
		}
		checkNoControlCharacters(url, path);
		if (decoded && (path.indexOf('?') >= 0 || path.regionMatches(true, 0, "file:", 0, 5))) {
			throw new InvalidDatabaseUrlException(url, "the path contains a percent-encoded '?' or starts with a "
					+ "percent-encoded 'file:', which sqlite-jdbc would read as URL syntax (settings or a file: URI) "
					+ "instead of part of the file name; rename the file, or write settings as ?name=value after the path");
		}
	}

	private static void checkNoControlCharacters(String url, String path) {
		for (int i = 0; i < path.length(); i++) {
			if (Character.isISOControl(path.charAt(i))) {
				throw new InvalidDatabaseUrlException(url, "the path contains a NUL or other control character "
						+ "(" + String.format("U+%04X", (int) path.charAt(i)) + "), at which SQLite would cut the file "
						+ "name short and open another file; no database path may contain one");
			}
		}
	}

	/**
	 * Parse a {@code jdbc:sqlite:} URL.
	 * @param url the URL, trimmed
	 * @return the parsed URL
	 * @throws InvalidDatabaseUrlException if it is refused
	 */
	public static DatabaseUrl parseJdbc(String url) {
		String rest = url.substring("jdbc:sqlite:".length());
		int question = rest.indexOf('?');
		String location = (question >= 0) ? rest.substring(0, question) : rest;
		String query = (question >= 0) ? rest.substring(question + 1) : "";
		if (location.toLowerCase(Locale.ROOT).startsWith("file:")) {
			return fileUri(url, location, query);
		}
		checkPath(url, location, false);
		Map<String, String> properties = new LinkedHashMap<>();
		for (Map.Entry<String, String> parameter : parameters(url, query).entrySet()) {
			properties.put(setting(url, parameter.getKey(), parameter.getValue()), parameter.getValue());
		}
		// An empty name is a private temporary database per connection: as useless in a pool as :memory:.
		boolean memory = location.isEmpty() || location.equals(":memory:");
		String jdbcUrl = memory ? MEMORY_JDBC_URL : "jdbc:sqlite:" + location;
		return sqliteUrl(url, jdbcUrl, properties, memory);
	}

	private static DatabaseUrl sqliteUrl(String url, String jdbcUrl, Map<String, String> properties, boolean memory) {
		return new DatabaseUrl(DatabaseBackend.SQLITE, jdbcUrl, null, null, properties,
				memory ? null : file(url, jdbcUrl), DatabaseUrl.mask(url));
	}

	/** The database file of a {@code jdbc:sqlite:} URL as an absolute path, whichever form it has. */
	private static Path file(String url, String jdbcUrl) {
		String location = jdbcUrl.substring("jdbc:sqlite:".length());
		if (location.regionMatches(true, 0, "file:", 0, 5)) {
			int question = location.indexOf('?');
			String path = location.substring(5, (question >= 0) ? question : location.length());
			if (path.startsWith("//")) {
				// file://[authority]/path: SQLite accepts an empty authority or "localhost".
				int slash = path.indexOf('/', 2);
				path = (slash >= 0) ? path.substring(slash) : "";
			}
			location = decode(url, path);
		}
		try {
			return Path.of(location).toAbsolutePath().normalize();
		}
		catch (InvalidPathException ex) {
			throw new InvalidDatabaseUrlException(url, "the path is not a valid file name on this system ("
					+ ex.getReason() + ": an unpaired UTF-16 surrogate, or a character the file system's encoding, "
					+ System.getProperty("sun.jnu.encoding", "the platform's") + ", cannot hold); rename the file");
		}
	}

	/** Percent-decoding as SQLite does it in {@code file:} URIs: '+' stays a plus sign. */
	private static String decode(String url, String text) {
		try {
			return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDatabaseUrlException(url,
					"the path contains an invalid percent-encoding (expected % followed by two hex digits)");
		}
	}

	private static DatabaseUrl fileUri(String url, String location, String query) {
		// SQLite decodes %HH in a file: URI itself: check the name it will really open.
		checkNoControlCharacters(url, decode(url, location));
		Map<String, String> parameters = parameters(url, query);
		StringBuilder uriParameters = new StringBuilder();
		Map<String, String> properties = new LinkedHashMap<>();
		boolean memory = location.equalsIgnoreCase("file::memory:")
				|| "memory".equals(parameters.get("mode"));
		for (Map.Entry<String, String> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			if (URI_PARAMETERS.contains(name)) {
				checkUriParameter(url, name, parameter.getValue(), memory);
				uriParameters.append((uriParameters.length() == 0) ? '?' : '&')
					.append(name)
					.append('=')
					.append(parameter.getValue());
			}
			else {
				properties.put(setting(url, name, parameter.getValue()), parameter.getValue());
			}
		}
		String jdbcUrl = (memory && location.equalsIgnoreCase("file::memory:")) ? MEMORY_JDBC_URL
				: "jdbc:sqlite:" + location + uriParameters;
		return sqliteUrl(url, jdbcUrl, properties, memory);
	}

	/**
	 * Check a parameter that SQLite reads from a {@code file:} URI. Those that turn off or change file
	 * locking are refused: two processes, or a backup tool, would then write the file at the same time
	 * and corrupt it.
	 */
	private static void checkUriParameter(String url, String name, String value, boolean memory) {
		switch (name) {
			case "mode" -> openMode(url, value);
			case "vfs" -> {
				if (!LOCKING_VFS.contains(value)) {
					throw new InvalidDatabaseUrlException(url, "the parameter 'vfs' has the value " + InvalidDatabaseUrlException.quote(url, value)
							+ ", which locks the file differently from other SQLite processes or not at all: "
							+ "two processes, or a backup, could then write it at the same time and corrupt it. "
							+ "Accepted values: " + String.join(", ", LOCKING_VFS));
				}
			}
			case "nolock" -> {
				if (uriBoolean(url, name, value)) {
					throw new InvalidDatabaseUrlException(url, "the parameter 'nolock' turns off SQLite's file locking: "
							+ "two processes, or a backup, could then write the file at the same time and corrupt it. "
							+ "Remove it (or set nolock=0)");
				}
			}
			case "immutable" -> {
				if (uriBoolean(url, name, value)) {
					throw new InvalidDatabaseUrlException(url, "the parameter 'immutable' turns off locking and change "
							+ "detection: if any process writes the file, readers see corrupt data. For a read-only "
							+ "database use mode=ro");
				}
			}
			case "cache" -> {
				if (value.equals("shared") && !memory) {
					throw new InvalidDatabaseUrlException(url, "'cache=shared' is managed by the starter: "
							+ MANAGED.get("shared_cache") + ". Remove it (or use cache=private)");
				}
				if (!value.equals("shared") && !value.equals("private")) {
					throw new InvalidDatabaseUrlException(url, "the parameter 'cache' has the value "
							+ InvalidDatabaseUrlException.quote(url, value) + "; accepted values: private (shared only with mode=memory)");
				}
			}
			case "psow" -> uriBoolean(url, name, value);
			default -> {
				// modeof names a file whose permissions a new database file copies: any path.
			}
		}
	}

	private static boolean uriBoolean(String url, String name, String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "1", "yes", "true", "on" -> true;
			case "0", "no", "false", "off" -> false;
			default -> throw new InvalidDatabaseUrlException(url, "the parameter " + InvalidDatabaseUrlException.quote(url, name)
					+ " has the value " + InvalidDatabaseUrlException.quote(url, value) + "; accepted values: 0, 1 (or no, yes)");
		};
	}

	private static Map<String, String> parameters(String url, String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (query.isEmpty()) {
			return parameters;
		}
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			if (equals < 0) {
				throw new InvalidDatabaseUrlException(url,
						"the parameter " + InvalidDatabaseUrlException.quote(url, pair) + " has no value (expected name=value)");
			}
			parameters.put(pair.substring(0, equals).toLowerCase(Locale.ROOT), pair.substring(equals + 1));
		}
		return parameters;
	}

	private static int openMode(String url, String mode) {
		return switch (mode) {
			case "ro" -> SQLiteOpenMode.READONLY.flag | SQLiteOpenMode.OPEN_URI.flag;
			case "rw" -> SQLiteOpenMode.READWRITE.flag | SQLiteOpenMode.OPEN_URI.flag;
			case "rwc", "memory" -> SQLiteOpenMode.READWRITE.flag | SQLiteOpenMode.CREATE.flag
					| SQLiteOpenMode.OPEN_URI.flag;
			default -> throw new InvalidDatabaseUrlException(url, "the parameter 'mode' has the value "
					+ InvalidDatabaseUrlException.quote(url, mode)
					+ InvalidDatabaseUrlException.didYouMean(url, mode, List.of("ro", "rw", "rwc", "memory"))
					+ "; accepted values: ro, rw, rwc, memory");
		};
	}

	private static String setting(String url, String name, String value) {
		String problem = checkSetting(name, value, (piece) -> InvalidDatabaseUrlException.quote(url, piece),
				(piece, accepted) -> InvalidDatabaseUrlException.didYouMean(url, piece, accepted));
		if (problem != null) {
			throw new InvalidDatabaseUrlException(url, "the parameter " + problem);
		}
		return name;
	}

	/**
	 * Check a sqlite-jdbc setting by name and value.
	 * @param name the setting, lower case
	 * @param value its value
	 * @param quote how to show a user-given piece in the message
	 * @param hint the "did you mean" hint for a user-given piece among accepted names, or an empty string
	 * @return {@code null} when accepted, else what is wrong, starting with the quoted name
	 */
	static String checkSetting(String name, String value, Function<String, String> quote,
			BiFunction<String, List<String>, String> hint) {
		if (MANAGED.containsKey(name)) {
			return "'" + name + "' is managed by the starter: " + MANAGED.get(name);
		}
		for (SQLiteConfig.Pragma pragma : SQLiteConfig.Pragma.values()) {
			if (pragma.pragmaName.equals(name)) {
				if (pragma.choices != null && Arrays.stream(pragma.choices)
					.noneMatch((choice) -> choice.equalsIgnoreCase(value))) {
					List<String> choices = Arrays.stream(pragma.choices).map((choice) -> choice.toLowerCase(Locale.ROOT)).toList();
					return "'" + name + "' has the value " + quote.apply(value) + hint.apply(value, choices)
							+ "; accepted values: " + String.join(", ", choices);
				}
				if (pragma == SQLiteConfig.Pragma.BUSY_TIMEOUT
						&& (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit))) {
					return "'busy_timeout' must be a whole number of milliseconds, not " + quote.apply(value);
				}
				if ((NUMERIC.contains(name) || name.startsWith("limit_")) && !isWholeNumber(value)) {
					return "'" + name + "' must be a whole number, not " + quote.apply(value);
				}
				if (pragma == SQLiteConfig.Pragma.JOURNAL_MODE
						&& (value.equalsIgnoreCase("off") || value.equalsIgnoreCase("memory"))) {
					return "'journal_mode' has the value " + quote.apply(value) + ", with which an application that "
							+ "crashes or is killed in the middle of a transaction leaves the database file corrupt; "
							+ "accepted values: wal (the default for files), delete, truncate, persist";
				}
				if (pragma == SQLiteConfig.Pragma.OPEN_MODE) {
					return checkOpenMode(value, quote);
				}
				return null;
			}
		}
		return quote.apply(name) + " is not a sqlite-jdbc setting" + hint.apply(name, acceptedNames()) + ". Accepted: "
				+ String.join(", ", acceptedNames());
	}

	private static boolean isWholeNumber(String value) {
		int start = value.startsWith("-") ? 1 : 0;
		return value.length() > start && value.length() <= 19 + start
				&& value.substring(start).chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	/** {@code open_mode}: the flags of {@code sqlite3_open_v2} as a whole number, as sqlite-jdbc reads it. */
	private static String checkOpenMode(String value, Function<String, String> quote) {
		String accepted = " Prefer mode=ro, mode=rw or mode=rwc in the URL.";
		if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch((c) -> c >= '0' && c <= '9')
				|| Long.parseLong(value) > Integer.MAX_VALUE) {
			return "'open_mode' must be a whole number made of SQLite open flags (READONLY=1, READWRITE=2, "
					+ "CREATE=4, ...), not " + quote.apply(value) + "." + accepted;
		}
		int flags = Integer.parseInt(value);
		List<String> refused = new java.util.ArrayList<>();
		for (SQLiteOpenMode mode : SQLiteOpenMode.values()) {
			if ((flags & mode.flag) != 0 && (ALLOWED_OPEN_FLAGS & mode.flag) == 0) {
				refused.add(mode.name());
			}
		}
		int known = 0;
		for (SQLiteOpenMode mode : SQLiteOpenMode.values()) {
			known |= mode.flag;
		}
		if ((flags & ~known) != 0) {
			refused.add("unknown bits " + Integer.toHexString(flags & ~known));
		}
		if (!refused.isEmpty()) {
			return "'open_mode' " + value + " has the flags " + String.join(", ", refused)
					+ ", which a pooled database file cannot use (OPEN_MEMORY gives every connection its own "
					+ "private database; SHAREDCACHE is managed by the starter; the others are internal to SQLite). "
					+ "Accepted flags: READONLY, READWRITE, CREATE, OPEN_URI, NOMUTEX, FULLMUTEX, PRIVATECACHE." + accepted;
		}
		boolean readOnly = (flags & SQLiteOpenMode.READONLY.flag) != 0;
		boolean readWrite = (flags & SQLiteOpenMode.READWRITE.flag) != 0;
		if (readOnly == readWrite) {
			return "'open_mode' " + value + " must have exactly one of READONLY or READWRITE (1 or 2)." + accepted;
		}
		return null;
	}

	private static List<String> acceptedNames() {
		Set<String> names = new TreeSet<>();
		for (SQLiteConfig.Pragma pragma : SQLiteConfig.Pragma.values()) {
			if (!MANAGED.containsKey(pragma.pragmaName)) {
				names.add(pragma.pragmaName);
			}
		}
		names.add("mode");
		return List.copyOf(names);
	}

}
