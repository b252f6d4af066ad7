package io.cloacina.database.autoconfigure.copy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.InvalidDatabaseUrlException;
import io.cloacina.database.copy.CopyReport;
import io.cloacina.database.copy.DatabaseCopy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.util.StringUtils;

/**
 * Copies the data of {@code cloacina.copy.from} into the application's database when it is created:
 * after the application's migrations ran on that database and before any bean that uses it starts
 * ({@link DatabaseCopyInitializerDetector} orders it so). With {@code cloacina.copy.then=exit}, the
 * process then exits with status 0.
 *
 * @since 0.1.0
 */
public class DatabaseCopyInitializer implements InitializingBean {

	static final String FROM_PROPERTY = "cloacina.copy.from";

	static final String PROPERTIES = "The copy is set by cloacina.copy.from (the source), cloacina.copy.replace-existing, "
			+ "cloacina.copy.exclude-tables, cloacina.copy.then (exit or continue) and cloacina.copy.progress-interval; "
			+ "the target is the application's own database (cloacina.database.url).";

	private static final Log logger = LogFactory.getLog(DatabaseCopyInitializer.class);

	private final DataSource target;

	private final Target targetDescription;

	private final CloacinaCopyProperties properties;

	private final CopyExit exit;

	private @Nullable CopyReport report;

	DatabaseCopyInitializer(DataSource target, Target targetDescription, CloacinaCopyProperties properties,
			CopyExit exit) {
		this.target = target;
		this.targetDescription = targetDescription;
		this.properties = properties;
		this.exit = exit;
	}

	/**
	 * The report of the copy this initializer made.
	 * @return the report, or {@code null} before the copy
	 */
	public @Nullable CopyReport getReport() {
		return this.report;
	}

	@Override
	public void afterPropertiesSet() {
		DatabaseUrl source = source();
		checkNotTheTarget(source);
		logger.info("Copying the data of " + source.displayUrl() + " (" + FROM_PROPERTY + ") into the application's "
				+ "database " + this.targetDescription.displayUrl() + ", in one transaction"
				+ (this.properties.isReplaceExisting() ? ", replacing the rows it has" : "")
				+ (this.properties.getExcludeTables().isEmpty() ? ""
						: ", leaving out " + String.join(", ", this.properties.getExcludeTables())));
		CopyReport report;
		try {
			report = DatabaseCopy.from(source)
				.to(this.target)
				.replaceExisting(this.properties.isReplaceExisting())
				.excludeTables(this.properties.getExcludeTables())
				.progress(this.properties.getProgressInterval(), (progress) -> logger.info(progress))
				.run();
		}
		catch (DatabaseConfigurationException ex) {
			throw new DatabaseConfigurationException(ex.getMessage(), ex.getAction() + " " + PROPERTIES, ex);
		}
		this.report = report;
		logger.info(report);
		if (this.properties.getThen() == CloacinaCopyProperties.Then.EXIT) {
			logger.info("Copy committed; exiting (cloacina.copy.then=exit). Start the application without "
					+ FROM_PROPERTY + " to run it on " + this.targetDescription.displayUrl() + ".");
			this.exit.exit(0);
		}
		else {
			logger.info("Copy committed; the application starts on the copied data (cloacina.copy.then=continue). "
					+ "Remove " + FROM_PROPERTY + " before the next start: the target's tables now have rows, so "
					+ "another copy would be refused.");
		}
	}

	private DatabaseUrl source() {
		String from = this.properties.getFrom();
		DatabaseUrl source;
		try {
			source = DatabaseUrl.parse(from);
		}
		catch (InvalidDatabaseUrlException ex) {
			throw new DatabaseConfigurationException(FROM_PROPERTY + " is not a database URL: " + ex.getProblem(),
					"Set " + FROM_PROPERTY + " to the database to copy from, in a form cloacina.database.url accepts. "
							+ InvalidDatabaseUrlException.ACCEPTED_FORMS,
					ex);
		}
		if (source.inMemory()) {
			throw new DatabaseConfigurationException(FROM_PROPERTY + " names an in-memory SQLite database ("
					+ source.displayUrl() + "), which is new and empty in this process: there is nothing to copy",
					"Set " + FROM_PROPERTY + " to the SQLite file (e.g. sqlite:data/app.db) or the PostgreSQL database "
							+ "to copy from.");
		}
		Path file = source.file();
		if (file != null && !Files.isRegularFile(file)) {
			throw new DatabaseConfigurationException("The SQLite file to copy from, " + file + " (" + FROM_PROPERTY
					+ "=" + source.displayUrl() + "), does not exist",
					"Set " + FROM_PROPERTY + " to the application's SQLite file; a relative path is resolved against "
							+ "the working directory, " + Path.of("").toAbsolutePath() + ".");
		}
		return source;
	}

	/**
	 * Refuse to copy a database onto itself, which would either be refused as not empty or, with
	 * replace-existing, delete the data it is about to copy.
	 */
	private void checkNotTheTarget(DatabaseUrl source) {
		if (source.backend() != this.targetDescription.backend()) {
			return;
		}
		boolean same;
		if (source.backend() == DatabaseBackend.SQLITE) {
			Path file = Objects.requireNonNull(source.file());
			same = this.targetDescription.file() != null && realPath(file).equals(realPath(this.targetDescription.file()));
		}
		else {
			String targetJdbcUrl = this.targetDescription.jdbcUrl();
			same = targetJdbcUrl != null && postgresDatabase(source.jdbcUrl()).equals(postgresDatabase(targetJdbcUrl))
					&& Objects.equals(schemaOf(source), this.targetDescription.schema());
		}
		if (same) {
			throw new DatabaseConfigurationException(FROM_PROPERTY + " (" + source.displayUrl()
					+ ") names the application's own database (" + this.targetDescription.displayUrl()
					+ "): a database cannot be copied onto itself",
					"Set " + FROM_PROPERTY + " to the database to copy from (e.g. the SQLite file the application ran "
							+ "on so far) and cloacina.database.url to the new database to copy into.");
		}
	}

	private static @Nullable String schemaOf(DatabaseUrl url) {
		for (String name : List.of("currentSchema", "currentschema")) {
			String schema = url.properties().get(name);
			if (StringUtils.hasText(schema)) {
				return schema;
			}
		}
		return null;
	}

	private static Path realPath(Path file) {
		try {
			return file.toRealPath();
		}
		catch (IOException ex) {
			return file.toAbsolutePath().normalize();
		}
	}

	/**
	 * The hosts, ports and database name of a pgjdbc URL, without parameters: default port made explicit,
	 * host names in lower case.
	 */
	static String postgresDatabase(String jdbcUrl) {
		String rest = jdbcUrl.substring(jdbcUrl.indexOf(':', 5) + 1);
		int query = rest.indexOf('?');
		rest = (query < 0) ? rest : rest.substring(0, query);
		if (!rest.startsWith("//")) {
			return "localhost:5432/" + rest;
		}
		rest = rest.substring(2);
		int slash = rest.indexOf('/');
		String hosts = (slash < 0) ? rest : rest.substring(0, slash);
		String database = (slash < 0) ? "" : rest.substring(slash + 1);
		List<String> normalized = new ArrayList<>();
		for (String host : hosts.split(",")) {
			String lower = host.toLowerCase(Locale.ROOT);
			boolean hasPort = lower.startsWith("[") ? lower.contains("]:") : lower.contains(":");
			normalized.add(hasPort ? lower : lower + ":5432");
		}
		return String.join(",", normalized) + "/" + database;
	}

	/**
	 * What the copy needs to know of the application's database besides the data source.
	 * @param backend its backend
	 * @param displayUrl its URL, password masked
	 * @param file its SQLite file, if any
	 * @param jdbcUrl its JDBC URL when known (a HikariCP pool's), without credentials
	 * @param schema the PostgreSQL schema the application uses, if set
	 */
	record Target(DatabaseBackend backend, String displayUrl, @Nullable Path file, @Nullable String jdbcUrl,
			@Nullable String schema) {

		static @Nullable String jdbcUrlOf(DataSource dataSource) {
			if (dataSource instanceof HikariDataSource hikari) {
				return hikari.getJdbcUrl();
			}
			try {
				HikariDataSource hikari = dataSource.isWrapperFor(HikariDataSource.class)
						? dataSource.unwrap(HikariDataSource.class) : null;
				return (hikari != null) ? hikari.getJdbcUrl() : null;
			}
			catch (java.sql.SQLException ex) {
				return null;
			}
		}

	}

}
