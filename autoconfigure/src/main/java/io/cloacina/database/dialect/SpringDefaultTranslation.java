package io.cloacina.database.dialect;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * The translator a {@code JdbcTemplate} uses when none is set, as the fallback of the starter's own.
 */
final class SpringDefaultTranslation {

	private SpringDefaultTranslation() {
	}

	/**
	 * Spring's own choice, made by {@code JdbcAccessor#setDatabaseProductName}: its error-code table
	 * when the application has a {@code sql-error-codes.xml}, else the {@code SQLException} subclass
	 * and SQL state translators. No connection is opened.
	 * @param databaseProductName the product name to look up in the error-code table
	 * @return the translator
	 */
	static SQLExceptionTranslator forProduct(String databaseProductName) {
		JdbcTemplate template = new JdbcTemplate();
		template.setDatabaseProductName(databaseProductName);
		return template.getExceptionTranslator();
	}

}
