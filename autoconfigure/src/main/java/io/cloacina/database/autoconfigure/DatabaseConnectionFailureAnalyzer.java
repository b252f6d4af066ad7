package io.cloacina.database.autoconfigure;

import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.autoconfigure.DatabaseBackendResolver.Owner;
import io.cloacina.database.autoconfigure.DatabaseBackendResolver.Resolution;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Explains a PostgreSQL server that refuses the starter's data source at startup, by SQL state rather
 * than message text (which the server may translate): a server that cannot be reached (class
 * {@code 08}, with an unknown host told apart), a wrong password ({@code 28P01}), a user refused
 * (class {@code 28}), a database that does not exist ({@code 3D000}). It names the host and port, user
 * and database of the database the data source was configured with (by {@link DatabaseBackendResolver}'s
 * rule), never its password.
 */
class DatabaseConnectionFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private static final String SQLITE_INSTEAD = "To start without the database, use a SQLite URL such as "
			+ "sqlite://data/app.db.";

	private final Environment environment;

	private final @Nullable ConfigurableListableBeanFactory beanFactory;

	DatabaseConnectionFailureAnalyzer(Environment environment, @Nullable BeanFactory beanFactory) {
		this.environment = environment;
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		SQLException failure = findConnectionFailure(cause);
		if (failure == null) {
			return null;
		}
		Resolution resolution = DatabaseBackendResolver.resolve(this.environment, this.beanFactory);
		if (resolution.owner() != Owner.STARTER) {
			// Spring Boot or the application built this data source: their own failure analysis applies.
			return null;
		}
		DatabaseUrl url = resolution.url();
		if (url != null && url.backend() != DatabaseBackend.POSTGRESQL) {
			return null;
		}
		String server = (url != null) ? "at " + hostsAndPorts(url.jdbcUrl()) + " (" + url.displayUrl() + ")"
				: "named by the " + resolution.source();
		String reason = withoutPasswords(failure.getMessage(), url);
		String state = failure.getSQLState();
		if ("28P01".equals(state)) {
			String user = user(url);
			return new FailureAnalysis("Password authentication failed for user " + user + " on the PostgreSQL server "
					+ server + ": " + reason,
					"Check the password of " + unquoted(user) + ": cloacina.database.password, or else the password in "
							+ "cloacina.database.url (percent-encode '@', '/' and ':' in it as %40, %2F and %3A; "
							+ "cloacina.database.password takes precedence over the URL's). Check too that the user "
							+ "name is the right one (cloacina.database.username or the URL's user).",
					cause);
		}
		if (state.startsWith("28")) {
			String user = user(url);
			return new FailureAnalysis("The PostgreSQL server " + server + " refused user " + user + ": " + reason,
					"Check the user name (cloacina.database.username, or the user in cloacina.database.url): the role "
							+ "must exist on the server (CREATE ROLE " + unquoted(user) + " LOGIN PASSWORD '...') and "
							+ "pg_hba.conf must let it connect to this database from this machine.",
					cause);
		}
		if ("3D000".equals(state)) {
			String database = (url != null) ? database(url.jdbcUrl()) : null;
			String name = (database != null) ? database : "named in the URL";
			return new FailureAnalysis(
					"Database " + ((database != null) ? "'" + database + "'" : "(named by the connection details)")
							+ " does not exist on the PostgreSQL server " + server + ": " + reason,
					"Create it (CREATE DATABASE " + name + ", or createdb " + name + "), or fix the database name in "
							+ "cloacina.database.url (the path after the host: postgresql://host:5432/NAME).",
					cause);
		}
		UnknownHostException unknownHost = findCause(failure, UnknownHostException.class);
		if (unknownHost != null) {
			String host = unknownHost(unknownHost, url);
			return new FailureAnalysis("The host name '" + host + "' of the PostgreSQL server cannot be resolved ("
					+ ((url != null) ? url.displayUrl() : "named by the " + resolution.source())
					+ "): no address is known for it",
					"Fix the host in cloacina.database.url: check its spelling, and that this machine's DNS (or "
							+ "/etc/hosts; in a container network, the database's service name) knows it. "
							+ SQLITE_INSTEAD,
					cause);
		}
		return new FailureAnalysis("Could not connect to the PostgreSQL server " + server + ": " + reason,
				"Check that the PostgreSQL server " + ((url != null) ? "at " + hostsAndPorts(url.jdbcUrl()) + " " : "")
						+ "is running and accepts TCP/IP connections from this machine (listen_addresses, "
						+ "pg_hba.conf, firewalls), and that cloacina.database.url names the right host and port. "
						+ SQLITE_INSTEAD,
				cause);
	}

	private String withoutPasswords(@Nullable String message, @Nullable DatabaseUrl url) {
		String reason = DatabaseUrl.mask(message);
		for (String password : new String[] { (url != null) ? url.password() : null,
				this.environment.getProperty("cloacina.database.password") }) {
			if (password != null && !password.isEmpty()) {
				reason = reason.replace(password, "****");
			}
		}
		return reason;
	}

	/** The user the data source logged in as, as the properties and URL set it, quoted. */
	private String user(@Nullable DatabaseUrl url) {
		String user = this.environment.getProperty("cloacina.database.username");
		if (!StringUtils.hasText(user) && url != null) {
			user = url.username();
		}
		return StringUtils.hasText(user) ? "'" + user + "'" : "(none set: the driver's default)";
	}

	private static String unquoted(String user) {
		return (user.startsWith("'") && user.endsWith("'")) ? user.substring(1, user.length() - 1) : "the user";
	}

	/** The host name that did not resolve: the URL's host the exception names, else the exception's text. */
	private static String unknownHost(UnknownHostException ex, @Nullable DatabaseUrl url) {
		String message = String.valueOf(ex.getMessage());
		if (url != null) {
			for (String hostAndPort : hostsAndPorts(url.jdbcUrl()).split(",")) {
				String host = hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
				if (message.startsWith(host)) {
					return host;
				}
			}
		}
		int colon = message.indexOf(": ");
		return (colon > 0) ? message.substring(0, colon) : message;
	}

	/** A connection failure, its class 08 cause as deep as it goes; or a login or missing-database failure. */
	private static @Nullable SQLException findConnectionFailure(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				if (state.startsWith("08")) {
					return (candidate.getCause() instanceof SQLException deeper && deeper.getSQLState() != null
							&& deeper.getSQLState().startsWith("08")) ? findConnectionFailure(deeper) : sql;
				}
				if (state.startsWith("28") || state.equals("3D000")) {
					return sql;
				}
			}
		}
		return null;
	}

	/** The database name of a {@code jdbc:postgresql://host/name} URL, decoded; {@code null} if none. */
	static @Nullable String database(String jdbcUrl) {
		int start = jdbcUrl.indexOf("//");
		int slash = (start >= 0) ? jdbcUrl.indexOf('/', start + 2) : -1;
		if (slash < 0) {
			return null;
		}
		int question = jdbcUrl.indexOf('?', slash);
		String name = jdbcUrl.substring(slash + 1, (question >= 0) ? question : jdbcUrl.length());
		try {
			name = URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// Shown as written.
		}
		return name.isEmpty() ? null : name;
	}

	/** {@code host:port[,host2:port2]} of a {@code jdbc:postgresql://...} URL. */
	static String hostsAndPorts(String jdbcUrl) {
		int start = jdbcUrl.indexOf("//");
		if (start < 0) {
			return "localhost:5432";
		}
		String rest = jdbcUrl.substring(start + 2);
		int end = rest.length();
		for (char c : new char[] { '/', '?' }) {
			int index = rest.indexOf(c);
			if (index >= 0 && index < end) {
				end = index;
			}
		}
		String hosts = rest.substring(0, end);
		if (hosts.isEmpty()) {
			return "localhost:5432";
		}
		StringBuilder result = new StringBuilder();
		for (String host : hosts.split(",")) {
			if (result.length() > 0) {
				result.append(',');
			}
			boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
			result.append(host).append(hasPort ? "" : ":5432");
		}
		return result.toString();
	}

}
