package io.cloacina.database.autoconfigure.copy;

import javax.sql.DataSource;

import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.InvalidDatabaseUrlException;
import io.cloacina.database.copy.CopyReport;
import io.cloacina.database.copy.DatabaseCopy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;

/**
 * Copies the data of {@code cloacina.copy.from} into the application's database when it is created:
 * after the application's migrations ran on that database and before any bean that uses it starts
 * ({@link DatabaseCopyInitializerDetector} orders it so). With {@code cloacina.copy.then=exit}, the
 * process then exits with status 0. A copy that cannot be made ({@link DatabaseCopy#run()} refuses or
 * fails) fails the startup, the target left as it was.
 *
 * @since 0.1.0
 */
public class DatabaseCopyInitializer implements InitializingBean {

	static final String FROM_PROPERTY = "cloacina.copy.from";

	private static final Log logger = LogFactory.getLog(DatabaseCopyInitializer.class);

	private final DataSource target;

	private final String targetDisplayUrl;

	private final CloacinaCopyProperties properties;

	private final CopyExit exit;

	private @Nullable CopyReport report;

	DatabaseCopyInitializer(DataSource target, String targetDisplayUrl, CloacinaCopyProperties properties,
			CopyExit exit) {
		this.target = target;
		this.targetDisplayUrl = targetDisplayUrl;
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
		logger.info("Copying the data of " + source.displayUrl() + " (" + FROM_PROPERTY + ") into the application's "
				+ "database " + this.targetDisplayUrl + ", in one transaction"
				+ (this.properties.isReplaceExisting() ? ", replacing the rows it has" : "")
				+ (this.properties.getExcludeTables().isEmpty() ? ""
						: ", leaving out " + String.join(", ", this.properties.getExcludeTables())));
		CopyReport report = DatabaseCopy.from(source)
			.to(this.target)
			.replaceExisting(this.properties.isReplaceExisting())
			.excludeTables(this.properties.getExcludeTables())
			.progress(this.properties.getProgressInterval(), (progress) -> logger.info(progress))
			.run();
		// DatabaseCopy logs the report (INFO, one summary with a line per table).
		this.report = report;
		if (this.properties.getThen() == CloacinaCopyProperties.Then.EXIT) {
			logger.info("Copy committed; exiting (cloacina.copy.then=exit). Start the application without "
					+ FROM_PROPERTY + " to run it on " + this.targetDisplayUrl + ".");
			this.exit.exit(0);
		}
		else {
			logger.info("Copy committed; the application starts on the copied data (cloacina.copy.then=continue). "
					+ "Remove " + FROM_PROPERTY + " before the next start: the target's tables now have rows, so "
					+ "another copy would be refused.");
		}
	}

	private DatabaseUrl source() {
		try {
			return DatabaseUrl.parse(this.properties.getFrom());
		}
		catch (InvalidDatabaseUrlException ex) {
			throw new DatabaseConfigurationException(FROM_PROPERTY + ": " + ex.getProblem(),
					"Set " + FROM_PROPERTY + " to the database to copy from, in a form cloacina.database.url accepts. "
							+ InvalidDatabaseUrlException.ACCEPTED_FORMS,
					ex);
		}
	}

}
