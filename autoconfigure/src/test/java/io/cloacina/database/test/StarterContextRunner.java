package io.cloacina.database.test;

import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.autoconfigure.CloacinaDialectAutoConfiguration;
import io.cloacina.database.autoconfigure.CloacinaJdbcExceptionTranslationAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;

/**
 * An {@link ApplicationContextRunner} with the starter's auto-configurations and Spring Boot's own
 * JDBC and transaction auto-configurations, as an application that adds the starter has them.
 */
public final class StarterContextRunner {

	private StarterContextRunner() {
	}

	/**
	 * A runner with the starter and Boot's JDBC auto-configurations.
	 * @return the runner
	 */
	public static ApplicationContextRunner create() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
				CloacinaDataSourceAutoConfiguration.class, CloacinaDialectAutoConfiguration.class,
				CloacinaJdbcExceptionTranslationAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class,
				TransactionManagerCustomizationAutoConfiguration.class, TransactionAutoConfiguration.class));
	}

}
