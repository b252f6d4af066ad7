package io.cloacina.database.autoconfigure;

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

/**
 * Explains a PostgreSQL server that cannot be reached at startup (SQL state class {@code 08},
 * connection exception): names the host and port of the database the starter's data source was
 * configured with (by {@link DatabaseBackendResolver}'s rule), never its password.
 */
class DatabaseConnectionFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private final Environment environment;

	private final @Nullable ConfigurableListableBeanFactory beanFactory;

	DatabaseConnectionFailureAnalyzer(Environment environment, @Nullable BeanFactory beanFactory) {
		this.environment = environment;
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		SQLException connectionFailure = findConnectionFailure(cause);
		if (connectionFailure == null) {
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
		String target = (url != null) ? "at " + hostsAndPorts(url.jdbcUrl()) + " (" + url.displayUrl() + ")"
				: "named by the " + resolution.source();
		String reason = DatabaseUrl.mask(connectionFailure.getMessage());
		for (String password : new String[] { (url != null) ? url.password() : null,
				this.environment.getProperty("cloacina.database.password") }) {
			if (password != null && !password.isEmpty()) {
				reason = reason.replace(password, "****");
			}
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
