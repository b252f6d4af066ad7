package io.cloacina.database;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Parses the SQLite URL forms: {@code sqlite:} URLs, {@code :memory:}, {@code file:} URIs, plain
 * paths and {@code jdbc:sqlite:} URLs. Query parameters become sqlite-jdbc settings or are
 * rejected by name: sqlite-jdbc itself silently ignores names it does not know.
 */
final class SqliteUrls {

	static final String MEMORY_JDBC_URL = "jdbc:sqlite::memory:";

	/** Parameters SQLite itself reads from a {@code file:} URI; they stay in the URI. */
	private static final Set<String> URI_PARAMETERS = Set.of("mode", "cache", "vfs", "immutable", "nolock", "psow",
			"modeof");

	/** Settings the data source manages itself; setting them would break its guarantees. */
	private static final Map<String, String> MANAGED = Map.of("transaction_mode",
			"write transactions always begin IMMEDIATE behind the data source's single-writer gate", "shared_cache",
			"in-memory databases are shared by the data source itself; files do not need a shared cache");

	private SqliteUrls() {
	}

	static boolean isSqlite(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.startsWith("sqlite:") || lower.startsWith("file:") || url.equals(":memory:") || url.startsWith("/")
				|| url.startsWith("./") || url.startsWith("../")) {
			return true;
		}
		int question = lower.indexOf('?');
		String path = (question >= 0) ? lower.substring(0, question) : lower;
		return !path.contains("://") && (path.endsWith(".db") || path.endsWith(".sqlite") || path.endsWith(".sqlite3"));
	}

	static DatabaseUrl parse(String url) {
		int question = url.indexOf('?');
		String location = (question >= 0) ? url.substring(0, question) : url;
		String query = (question >= 0) ? url.substring(question + 1) : "";
		String lower = location.toLowerCase(Locale.ROOT);
		if (lower.startsWith("file:")) {
			return fileUri(url, location, query);
		}
		String path;
		if (lower.startsWith("sqlite:")) {
			path = location.substring("sqlite:".length());
			if (path.startsWith("//")) {
				path = PostgresUrls.decode(url, path.substring(2), "path");
			}
		}
		else {
			path = location;
		}
		if (path.isEmpty()) {
			throw new InvalidDatabaseUrlException(url,
					"it names no database file; give a path such as sqlite://data/app.db or sqlite::memory:");
		}
		Map<String, String> properties = new LinkedHashMap<>();
		for (Map.Entry<String, String> parameter : parameters(url, query).entrySet()) {
			if (parameter.getKey().equals("mode")) {
				properties.put("open_mode", String.valueOf(openMode(url, parameter.getValue())));
			}
			else {
				properties.put(setting(url, parameter.getKey(), parameter.getValue()), parameter.getValue());
			}
		}
		boolean memory = path.equals(":memory:");
		String jdbcUrl = memory ? MEMORY_JDBC_URL : "jdbc:sqlite:" + path;
		return new DatabaseUrl(DatabaseBackend.SQLITE, jdbcUrl, null, null, properties, memory, UrlMasking.mask(url));
	}

	static DatabaseUrl parseJdbc(String url) {
		String rest = url.substring("jdbc:sqlite:".length());
		int question = rest.indexOf('?');
		String location = (question >= 0) ? rest.substring(0, question) : rest;
		String query = (question >= 0) ? rest.substring(question + 1) : "";
		if (location.toLowerCase(Locale.ROOT).startsWith("file:")) {
			DatabaseUrl parsed = fileUri(url, location, query);
			return new DatabaseUrl(DatabaseBackend.SQLITE, parsed.jdbcUrl(), null, null, parsed.properties(),
					parsed.inMemory(), UrlMasking.mask(url));
		}
		Map<String, String> properties = new LinkedHashMap<>();
		for (Map.Entry<String, String> parameter : parameters(url, query).entrySet()) {
			properties.put(setting(url, parameter.getKey(), parameter.getValue()), parameter.getValue());
		}
		// An empty name is a private temporary database per connection: as useless in a pool as :memory:.
		boolean memory = location.isEmpty() || location.equals(":memory:");
		String jdbcUrl = memory ? MEMORY_JDBC_URL : "jdbc:sqlite:" + location;
		return new DatabaseUrl(DatabaseBackend.SQLITE, jdbcUrl, null, null, properties, memory, UrlMasking.mask(url));
	}

	private static DatabaseUrl fileUri(String url, String location, String query) {
		StringBuilder uriParameters = new StringBuilder();
		Map<String, String> properties = new LinkedHashMap<>();
		boolean memory = location.equalsIgnoreCase("file::memory:");
		for (Map.Entry<String, String> parameter : parameters(url, query).entrySet()) {
			String name = parameter.getKey();
			if (URI_PARAMETERS.contains(name)) {
				if (name.equals("mode")) {
					openMode(url, parameter.getValue());
					memory |= parameter.getValue().equals("memory");
				}
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
		return new DatabaseUrl(DatabaseBackend.SQLITE, jdbcUrl, null, null, properties, memory, UrlMasking.mask(url));
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
						"the parameter " + UrlMasking.quote(url, pair) + " has no value (expected name=value)");
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
					+ UrlMasking.quote(url, mode) + "; accepted values: ro, rw, rwc, memory");
		};
	}

	private static String setting(String url, String name, String value) {
		String problem = checkSetting(name, value, (piece) -> UrlMasking.quote(url, piece));
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
	 * @return {@code null} when accepted, else what is wrong, starting with the quoted name
	 */
	static String checkSetting(String name, String value, Function<String, String> quote) {
		if (MANAGED.containsKey(name)) {
			return "'" + name + "' is managed by the starter: " + MANAGED.get(name);
		}
		for (SQLiteConfig.Pragma pragma : SQLiteConfig.Pragma.values()) {
			if (pragma.pragmaName.equals(name)) {
				if (pragma.choices != null && Arrays.stream(pragma.choices)
					.noneMatch((choice) -> choice.equalsIgnoreCase(value))) {
					return "'" + name + "' has the value " + quote.apply(value) + "; accepted values: "
							+ String.join(", ", pragma.choices).toLowerCase(Locale.ROOT);
				}
				if (pragma == SQLiteConfig.Pragma.BUSY_TIMEOUT
						&& (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit))) {
					return "'busy_timeout' must be a whole number of milliseconds, not " + quote.apply(value);
				}
				return null;
			}
		}
		return quote.apply(name) + " is not a sqlite-jdbc setting. Accepted: " + String.join(", ", acceptedNames());
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
