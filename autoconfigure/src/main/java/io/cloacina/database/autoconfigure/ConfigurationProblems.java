package io.cloacina.database.autoconfigure;

import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.InvalidDatabaseUrlException;

/**
 * Says which configuration properties a configuration problem concerns: {@code DatabaseUrl} and the
 * data source builder speak of URLs, credentials, schemas and driver settings, this layer of the
 * properties that set them.
 */
final class ConfigurationProblems {

	static final String SETTINGS = "The database is set by cloacina.database.url (or connection details), "
			+ "cloacina.database.username and cloacina.database.password, cloacina.database.schema, "
			+ "cloacina.database.pooler and cloacina.database.properties.*.";

	private ConfigurationProblems() {
	}

	/**
	 * The problem, with an action that names the properties.
	 * @param problem the problem as the library reports it
	 * @param urlSource where the URL came from: {@code cloacina.database.url} or the connection details
	 * @return the problem to throw, with the original as its cause
	 */
	static DatabaseConfigurationException from(DatabaseConfigurationException problem, String urlSource) {
		// The accepted forms are listed in full in the action: the description leaves out the message's brief list.
		String description = (problem instanceof InvalidDatabaseUrlException invalid) ? invalid.getProblem()
				: problem.getMessage();
		String action = (problem instanceof InvalidDatabaseUrlException)
				? "Set " + urlSource + " to a supported URL. A password with '@', '/' or ':' in it may be "
						+ "percent-encoded in the URL (%40, %2F, %3A) or set apart as cloacina.database.password. "
						+ InvalidDatabaseUrlException.ACCEPTED_FORMS
				: problem.getAction() + " " + SETTINGS;
		return new DatabaseConfigurationException(description, action, problem);
	}

}
