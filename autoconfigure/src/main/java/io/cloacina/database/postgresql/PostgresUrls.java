package io.cloacina.database.postgresql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cloacina.database.ConnectionPooler;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.InvalidDatabaseUrlException;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL URL forms that {@link DatabaseUrl#parse(String)} accepts: libpq connection URIs
 * ({@code postgres://} and {@code postgresql://}) translated into pgjdbc terms, and
 * {@code jdbc:postgresql:} URLs as they are. Applications parse URLs with {@code DatabaseUrl.parse}.
 *
 * @since 0.1.0
 */
public final class PostgresUrls {

	/** libpq parameters and the pgjdbc property that means the same. */
	private static final Map<String, String> PROPERTY_NAMES = Map.ofEntries(Map.entry("sslmode", "sslmode"),
			Map.entry("sslcert", "sslcert"), Map.entry("sslkey", "sslkey"), Map.entry("sslrootcert", "sslrootcert"),
			Map.entry("sslpassword", "sslpassword"), Map.entry("application_name", "ApplicationName"),
			Map.entry("connect_timeout", "connectTimeout"), Map.entry("options", "options"),
			Map.entry("target_session_attrs", "targetServerType"), Map.entry("gssencmode", "gssEncMode"),
			Map.entry("krbsrvname", "kerberosServerName"), Map.entry("keepalives", "tcpKeepAlive"),
			Map.entry("load_balance_hosts", "loadBalanceHosts"), Map.entry("channel_binding", "channelBinding"),
			Map.entry("sslnegotiation", "sslNegotiation"), Map.entry("replication", "replication"));

	/** libpq {@code target_session_attrs} values and pgjdbc's {@code targetServerType} equivalents. */
	private static final Map<String, String> TARGET_SERVER_TYPES = Map.of("any", "any", "read-write", "primary",
			"primary", "primary", "read-only", "secondary", "standby", "secondary", "prefer-standby",
			"preferSecondary");

	/**
	 * The URL parameter that says a pooler in transaction mode is in front of the server, spelt as
	 * other tools spell it; kept among the URL's properties under this name, never given to pgjdbc.
	 */
	static final String PGBOUNCER = "pgbouncer";

	private static final Pattern SECRET_PARAMETER = Pattern
		.compile("(?i)((?:^|[?&])(?:ssl)?(?:password|pass|pwd|key|hexkey)=)[^&]*");

	private static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca",
			"verify-full");

	private PostgresUrls() {
	}

	/**
	 * Take a {@code jdbc:postgresql:} URL as it is.
	 * @param url the URL, trimmed
	 * @return the parsed URL
	 */
	public static DatabaseUrl parseJdbc(String url) {
		int question = url.indexOf('?');
		if (question < 0 || !url.substring(question + 1).toLowerCase(java.util.Locale.ROOT).contains(PGBOUNCER + "=")) {
			return new DatabaseUrl(DatabaseBackend.POSTGRESQL, url, null, null, Map.of(), null, DatabaseUrl.mask(url));
		}
		// The pooler parameter is the starter's, not pgjdbc's (which would ignore it): take it out.
		List<String> kept = new ArrayList<>();
		Map<String, String> properties = new LinkedHashMap<>();
		for (String pair : url.substring(question + 1).split("&", -1)) {
			int equals = pair.indexOf('=');
			if (equals >= 0 && pair.substring(0, equals).equalsIgnoreCase(PGBOUNCER)) {
				properties.put(PGBOUNCER, pgbouncer(url, pair.substring(equals + 1)));
			}
			else if (!pair.isEmpty()) {
				kept.add(pair);
			}
		}
		String jdbcUrl = url.substring(0, question) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
		return new DatabaseUrl(DatabaseBackend.POSTGRESQL, jdbcUrl, null, null, properties, null, DatabaseUrl.mask(url));
	}

	/**
	 * The pooler a URL says is in front of the server: its {@code pgbouncer=true} parameter.
	 * @param url a parsed PostgreSQL URL
	 * @return {@link ConnectionPooler#TRANSACTION} for {@code pgbouncer=true}, {@link ConnectionPooler#NONE}
	 * for {@code pgbouncer=false}, {@code null} when the URL does not say
	 */
	public static @Nullable ConnectionPooler pooler(DatabaseUrl url) {
		String value = url.properties().get(PGBOUNCER);
		if (value == null) {
			return null;
		}
		return Boolean.parseBoolean(value) ? ConnectionPooler.TRANSACTION : ConnectionPooler.NONE;
	}

	private static String pgbouncer(String url, String value) {
		String lower = value.toLowerCase(java.util.Locale.ROOT);
		if (!lower.equals("true") && !lower.equals("false")) {
			throw invalidValue(url, PGBOUNCER, value, List.of("true", "false"));
		}
		return lower;
	}

	/**
	 * Parse a libpq connection URI.
	 * @param url the URL, trimmed, starting with {@code postgres://} or {@code postgresql://}
	 * @return the parsed URL
	 * @throws InvalidDatabaseUrlException if it is refused
	 */
	public static DatabaseUrl parseUri(String url) {
		int schemeEnd = url.indexOf("://") + 3;
		String rest = url.substring(schemeEnd);
		// libpq: the user-info part ends at the first '@' before any '/'.
		int firstSlash = rest.indexOf('/');
		String authority = rest.substring(0, (firstSlash < 0) ? rest.length() : firstSlash);
		checkUnencodedDelimiters(url, rest, authority, firstSlash);
		int at = authority.indexOf('@');
		String userInfo = (at >= 0) ? rest.substring(0, at) : null;
		String hostsAndPath = (at >= 0) ? rest.substring(at + 1) : rest;
		String query = null;
		int question = hostsAndPath.indexOf('?');
		if (question >= 0) {
			query = hostsAndPath.substring(question + 1);
			hostsAndPath = hostsAndPath.substring(0, question);
		}
		int slash = hostsAndPath.indexOf('/');
		String hostSpec = (slash >= 0) ? hostsAndPath.substring(0, slash) : hostsAndPath;
		String database = (slash >= 0) ? decode(url, hostsAndPath.substring(slash + 1), "database name") : null;

		String username = null;
		String password = null;
		// Shown with exactly the password that is used masked, not a guess at where it ends.
		String display = maskParameters(url);
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			username = decode(url, (colon >= 0) ? userInfo.substring(0, colon) : userInfo, "user name");
			password = (colon >= 0) ? decode(url, userInfo.substring(colon + 1), "password") : null;
			if (colon >= 0) {
				display = url.substring(0, schemeEnd + colon + 1) + "****" + maskParameters(url.substring(schemeEnd + at));
			}
		}
		List<String> hosts = new ArrayList<>();
		List<String> ports = new ArrayList<>();
		if (!hostSpec.isEmpty()) {
			for (String hostAndPort : hostSpec.split(",", -1)) {
				splitHostAndPort(url, hostAndPort, hosts, ports);
			}
		}
		Map<String, String> properties = new LinkedHashMap<>();
		if (query != null && !query.isEmpty()) {
			for (String pair : query.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				if (equals < 0) {
					throw new InvalidDatabaseUrlException(url,
							"the parameter " + InvalidDatabaseUrlException.quote(url, pair) + " has no value (expected name=value)");
				}
				String name = decodeName(url, pair.substring(0, equals));
				String value = decode(url, pair.substring(equals + 1), "value of a parameter");
				switch (name) {
					case "host" -> {
						hosts.clear();
						for (String host : value.split(",", -1)) {
							hosts.add(checkHost(url, host));
						}
					}
					case "port" -> {
						ports.clear();
						for (String port : value.split(",", -1)) {
							ports.add(checkPort(url, port));
						}
					}
					case "dbname" -> database = value;
					case "user" -> username = value;
					case "password" -> password = value;
					case PGBOUNCER -> properties.put(PGBOUNCER, pgbouncer(url, value));
					default -> properties.put(propertyName(url, name), propertyValue(url, name, value));
				}
			}
		}
		String jdbcUrl = "jdbc:postgresql://" + hostList(url, hosts, ports) + "/"
				+ ((database != null) ? encode(database) : "");
		return new DatabaseUrl(DatabaseBackend.POSTGRESQL, jdbcUrl, username, password, properties, null, display);
	}

	/**
	 * A user name or password with an unencoded '@' or '/' makes the URL name another host, and a piece
	 * of the password would end up as host, port or database name: refuse it, without showing any of it.
	 */
	private static void checkUnencodedDelimiters(String url, String rest, String authority, int firstSlash) {
		boolean ambiguous = authority.indexOf('@') != authority.lastIndexOf('@');
		if (!ambiguous && firstSlash >= 0) {
			int question = rest.indexOf('?', firstSlash);
			ambiguous = rest.substring(firstSlash, (question < 0) ? rest.length() : question).indexOf('@') >= 0;
		}
		if (!ambiguous && authority.indexOf('@') < 0 && rest.indexOf('@', authority.length()) >= 0) {
			// No user info before the first '/', but an '@' later: the host part holds a piece of a
			// password with a '/' in it unless it is a well-formed host list.
			try {
				for (String hostAndPort : authority.split(",", -1)) {
					splitHostAndPort(url, hostAndPort, new ArrayList<>(), new ArrayList<>());
				}
			}
			catch (InvalidDatabaseUrlException ex) {
				ambiguous = true;
			}
		}
		if (ambiguous) {
			throw new InvalidDatabaseUrlException(url, "it has an '@' where none may stand unencoded (a second '@' "
					+ "before the host, or an '@' after a '/'), so the host cannot be told from the user name, "
					+ "password or database name: percent-encode '@' as %40, '/' as %2F and ':' as %3A in the user "
					+ "name, password and database name, or leave the password out of the URL and give it apart "
					+ "from it");
		}
	}

	private static void splitHostAndPort(String url, String hostAndPort, List<String> hosts, List<String> ports) {
		String host;
		String port = "";
		if (hostAndPort.startsWith("[")) {
			int close = hostAndPort.indexOf(']');
			if (close < 0) {
				throw new InvalidDatabaseUrlException(url, "an IPv6 host is missing its closing ']'");
			}
			host = hostAndPort.substring(0, close + 1);
			String after = hostAndPort.substring(close + 1);
			if (!after.isEmpty()) {
				if (!after.startsWith(":")) {
					throw new InvalidDatabaseUrlException(url, "unexpected text after the IPv6 host " + InvalidDatabaseUrlException.quote(url, host));
				}
				port = after.substring(1);
			}
		}
		else {
			int colon = hostAndPort.lastIndexOf(':');
			host = decode(url, (colon >= 0) ? hostAndPort.substring(0, colon) : hostAndPort, "host");
			port = (colon >= 0) ? hostAndPort.substring(colon + 1) : "";
		}
		hosts.add(checkHost(url, host));
		ports.add(checkPort(url, port));
	}

	private static String checkHost(String url, String host) {
		if (host.startsWith("/") || host.startsWith("@")) {
			throw new InvalidDatabaseUrlException(url, "the host " + InvalidDatabaseUrlException.quote(url, host)
					+ " is a Unix-domain socket, which the PostgreSQL JDBC driver cannot use; give a TCP host name or address");
		}
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (Character.isWhitespace(c) || c == '/' || c == '?' || c == '#' || c == '@' || c == ','
					|| Character.isISOControl(c)) {
				throw new InvalidDatabaseUrlException(url, "the host name contains the character '" + c
						+ "', which no host name may contain");
			}
		}
		if (host.startsWith("[") && !host.endsWith("]")) {
			throw new InvalidDatabaseUrlException(url, "an IPv6 host is missing its closing ']'");
		}
		if (!host.startsWith("[") && host.indexOf(':') >= 0) {
			// A bare IPv6 address given as a parameter: pgjdbc wants it in brackets.
			return "[" + host + "]";
		}
		return host;
	}

	private static String checkPort(String url, String port) {
		if (port.isEmpty()) {
			return port;
		}
		boolean digits = port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9');
		int number = digits ? Integer.parseInt(port) : -1;
		if (number < 1 || number > 65535) {
			throw new InvalidDatabaseUrlException(url,
					"the port " + InvalidDatabaseUrlException.quote(url, port) + " is not a number between 1 and 65535");
		}
		return port;
	}

	private static String hostList(String url, List<String> hosts, List<String> ports) {
		if (hosts.isEmpty()) {
			hosts.add("");
		}
		if (ports.size() > 1 && ports.size() != hosts.size()) {
			throw new InvalidDatabaseUrlException(url, "it names " + hosts.size() + " host(s) but " + ports.size()
					+ " ports; give one port for all hosts or one per host");
		}
		StringBuilder list = new StringBuilder();
		for (int i = 0; i < hosts.size(); i++) {
			if (i > 0) {
				list.append(',');
			}
			String host = hosts.get(i).isEmpty() ? "localhost" : hosts.get(i);
			String port = ports.isEmpty() ? "" : ports.get((ports.size() == 1) ? 0 : i);
			list.append(host);
			if (!port.isEmpty()) {
				list.append(':').append(port);
			}
		}
		return list.toString();
	}

	private static String propertyName(String url, String name) {
		String property = PROPERTY_NAMES.get(name);
		if (property == null) {
			List<String> accepted = new ArrayList<>(PROPERTY_NAMES.keySet());
			accepted.addAll(List.of("host", "port", "dbname", "user", "password", PGBOUNCER));
			accepted.sort(null);
			throw new InvalidDatabaseUrlException(url, "the parameter " + InvalidDatabaseUrlException.quote(url, name)
					+ " has no equivalent in the PostgreSQL JDBC driver"
					+ InvalidDatabaseUrlException.didYouMean(url, name, accepted) + ". Accepted parameters: "
					+ String.join(", ", accepted)
					+ ". Set other pgjdbc properties as driver properties instead");
		}
		return property;
	}

	private static String propertyValue(String url, String name, String value) {
		return switch (name) {
			case "sslmode" -> oneOf(url, name, value, SSL_MODES);
			case "target_session_attrs" -> {
				String type = TARGET_SERVER_TYPES.get(value);
				if (type == null) {
					throw invalidValue(url, name, value, TARGET_SERVER_TYPES.keySet().stream().sorted().toList());
				}
				yield type;
			}
			case "keepalives" -> switch (value) {
				case "1" -> "true";
				case "0" -> "false";
				default -> throw invalidValue(url, name, value, List.of("0", "1"));
			};
			case "load_balance_hosts" -> switch (value) {
				case "random" -> "true";
				case "disable" -> "false";
				default -> throw invalidValue(url, name, value, List.of("disable", "random"));
			};
			case "connect_timeout" -> {
				if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
					throw new InvalidDatabaseUrlException(url,
							"the parameter 'connect_timeout' must be a whole number of seconds, not "
									+ InvalidDatabaseUrlException.quote(url, value));
				}
				yield value;
			}
			case "gssencmode" -> oneOf(url, name, value, List.of("disable", "prefer", "require"));
			case "channel_binding" -> oneOf(url, name, value, List.of("disable", "prefer", "require"));
			case "sslpassword" -> value;
			default -> value;
		};
	}

	private static String oneOf(String url, String name, String value, List<String> accepted) {
		if (!accepted.contains(value)) {
			throw invalidValue(url, name, value, accepted);
		}
		return value;
	}

	private static InvalidDatabaseUrlException invalidValue(String url, String name, String value,
			List<String> accepted) {
		return new InvalidDatabaseUrlException(url, "the parameter " + InvalidDatabaseUrlException.quote(url, name) + " has the value "
				+ InvalidDatabaseUrlException.quote(url, value) + InvalidDatabaseUrlException.didYouMean(url, value, accepted)
				+ "; accepted values: " + String.join(", ", accepted));
	}

	/** Hides the values of password and key parameters ({@code password=...}, {@code sslpassword=...}). */
	private static String maskParameters(String text) {
		return SECRET_PARAMETER.matcher(text).replaceAll((match) -> Matcher.quoteReplacement(match.group(1) + "****"));
	}

	private static String decodeName(String url, String name) {
		return decode(url, name, "parameter name");
	}

	/** Percent-decoding as libpq does it: '+' stays a plus sign. */
	private static String decode(String url, String text, String what) {
		if (text.indexOf('%') < 0) {
			return text;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%') {
				if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
						|| Character.digit(text.charAt(i + 2), 16) < 0) {
					throw new InvalidDatabaseUrlException(url,
							"the " + what + " contains an invalid percent-encoding (expected % followed by two hex digits)");
				}
				bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
				i += 2;
			}
			else {
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static String encode(String text) {
		StringBuilder encoded = new StringBuilder(text.length());
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~') {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return encoded.toString();
	}

}
