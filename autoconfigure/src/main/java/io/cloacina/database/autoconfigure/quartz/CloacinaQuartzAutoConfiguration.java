package io.cloacina.database.autoconfigure.quartz;

import java.util.Properties;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import org.quartz.Scheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * Auto-configuration that lets Quartz's JDBC job store ({@code spring.quartz.job-store-type=jdbc})
 * run on both backends with no Quartz property written by the application:
 * <ul>
 * <li>on both, {@code org.quartz.jobStore.driverDelegateClass=PostgreSQLDelegate}: Quartz's default
 * delegate reads job data with {@code getBlob}, which sqlite-jdbc does not implement, and on
 * PostgreSQL fails with "Bad value for type long" (plain Spring Boot has the same problem);</li>
 * <li>on SQLite, {@code org.quartz.jobStore.lockHandler.class=UpdateLockRowSemaphore}: the default
 * lock handler uses {@code SELECT ... FOR UPDATE}, which SQLite does not have;</li>
 * <li>on SQLite, the schema: the starter ships {@code org/quartz/impl/jdbcjobstore/tables_sqlite.sql},
 * where Boot's schema initialization looks for it, and that initialization runs on SQLite by default
 * (see {@code SqliteDatabaseInitializationEnvironmentPostProcessor}).</li>
 * </ul>
 * The application's {@code spring.quartz.properties.*} win. The backend is read when the scheduler
 * is built, not by a condition.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CloacinaDataSourceAutoConfiguration.class, before = QuartzAutoConfiguration.class)
@ConditionalOnClass({ Scheduler.class, SchedulerFactoryBean.class, SchedulerFactoryBeanCustomizer.class })
@ConditionalOnProperty(name = "spring.quartz.job-store-type", havingValue = "jdbc")
public final class CloacinaQuartzAutoConfiguration {

	static final String DRIVER_DELEGATE = "org.quartz.jobStore.driverDelegateClass";

	static final String LOCK_HANDLER = "org.quartz.jobStore.lockHandler.class";

	/**
	 * After Boot's own customizer, which gives the scheduler its data source (order 0), before the
	 * application's (unordered).
	 */
	@Bean
	@Order(10)
	@ConditionalOnMissingBean(name = "cloacinaQuartzJobStoreCustomizer")
	SchedulerFactoryBeanCustomizer cloacinaQuartzJobStoreCustomizer(QuartzProperties properties,
			ObjectProvider<ConfiguredDatabaseBackend> backend) {
		return (schedulerFactoryBean) -> {
			ConfiguredDatabaseBackend configured = backend.getIfAvailable();
			if (configured == null) {
				return;
			}
			Properties quartzProperties = new Properties();
			quartzProperties.setProperty(DRIVER_DELEGATE, "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
			if (configured.backend() == DatabaseBackend.SQLITE) {
				quartzProperties.setProperty(LOCK_HANDLER, "org.quartz.impl.jdbcjobstore.UpdateLockRowSemaphore");
			}
			// What Boot has set already, from spring.quartz.properties.*: it wins.
			quartzProperties.putAll(properties.getProperties());
			schedulerFactoryBean.setQuartzProperties(quartzProperties);
		};
	}

}
