package io.cloacina.database.autoconfigure;

import java.sql.SQLException;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.InvalidDatabaseUrlException;
import io.cloacina.database.UrlMasking;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Explains a PostgreSQL server that cannot be reached at startup (SQL state class {@code 08},
 * connection exception): names the host and port of {@code cloacina.database.url}, never its
 * password.
 */
class DatabaseConnectionFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private final Environment environment;

	DatabaseConnectionFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		SQLException connectionFailure = findConnectionFailure(cause);
		if (connectionFailure == null) {
			return null;
		}
		String configured = this.environment.getProperty("cloacina.database.url");
		DatabaseUrl url = null;
		if (StringUtils.hasText(configured)) {
			try {
				url = DatabaseUrl.parse(configured);
			}
			catch (InvalidDatabaseUrlException ex) {
				return null;
			}
			if (url.backend() != DatabaseBackend.POSTGRESQL) {
				return null;
			}
		}
		else if (StringUtils.hasText(this.environment.getProperty("spring.datasource.url"))) {
			// Spring Boot built this data source: its own failure analysis applies.
			return null;
		}
		String target = (url != null) ? "at " + hostsAndPorts(url.jdbcUrl()) + " (" + url.displayUrl() + ")"
				: "named by the connection details";
		String reason = UrlMasking.mask(connectionFailure.getMessage());
		if (url != null && url.password() != null && !url.password().isEmpty()) {
			reason = reason.replace(url.password(), UrlMasking.MASK);
		}
		return new FailureAnalysis(
				"Could not connect to the PostgreSQL server " + target + ": " + reason,
				"Check that the PostgreSQL server " + ((url != null) ? "at " + hostsAndPorts(url.jdbcUrl()) + " " : "")
						+ "is running and accepts TCP/IP connections from this machine (listen_addresses, "
						+ "pg_hba.conf, firewalls), and that cloacina.database.url names the right host and port. "
						+ "To start without the database, use a SQLite URL such as sqlite://data/app.db.",
				cause);
	}

	private static SQLException findConnectionFailure(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof SQLException sql && sql.getSQLState() != null
					&& sql.getSQLState().startsWith("08")) {
				return (candidate.getCause() instanceof SQLException deeper && deeper.getSQLState() != null
						&& deeper.getSQLState().startsWith("08")) ? findConnectionFailure(deeper) : sql;
			}
		}
		return null;
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
