package io.cloacina.database.autoconfigure.aot;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Runtime hints for what the starter has loaded reflectively: the PostgreSQL driver, which HikariCP
 * loads by name, the classes listed in the starter's {@code META-INF/spring.factories}, which
 * Spring instantiates by name, the starter's Liquibase data type, which Liquibase instantiates by
 * reflection (when Liquibase is there), and the JDK proxies of the connections and statements used
 * behind a connection pooler in transaction mode.
 *
 * @since 0.1.0
 */
class CloacinaRuntimeHints implements RuntimeHintsRegistrar {

	private static final String[] DRIVERS = { "org.postgresql.Driver", "org.sqlite.JDBC" };

	private static final String[] FACTORIES = { "io.cloacina.database.autoconfigure.DatabaseConfigurationFailureAnalyzer",
			"io.cloacina.database.autoconfigure.DatabaseConnectionFailureAnalyzer",
			"io.cloacina.database.autoconfigure.SqliteFileFailureAnalyzer",
			"io.cloacina.database.autoconfigure.SqliteReadOnlyFailureAnalyzer",
			"io.cloacina.database.autoconfigure.JdbcAdaptingCloacinaConnectionDetailsFactory",
			"io.cloacina.database.testcontainers.CloacinaContainerConnectionDetailsFactory",
			"io.cloacina.database.autoconfigure.SqliteDatabaseInitializationEnvironmentPostProcessor",
			"io.cloacina.database.autoconfigure.copy.DatabaseCopyFailureAnalyzer",
			"io.cloacina.database.autoconfigure.copy.DatabaseCopyInitializerDetector",
			"io.cloacina.database.autoconfigure.copy.CopyRunModeAotEnvironmentPostProcessor" };

	private static final String[] LIQUIBASE_TYPES = { "io.cloacina.database.liquibase.SqliteAutoIncrementBigIntType" };

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		for (String driver : DRIVERS) {
			hints.reflection()
				.registerTypeIfPresent(classLoader, driver, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		}
		for (String type : LIQUIBASE_TYPES) {
			hints.reflection().registerTypeIfPresent(classLoader, type, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		}
		for (String factory : FACTORIES) {
			hints.reflection().registerType(TypeReference.of(factory), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		}
		for (Class<?> type : new Class<?>[] { Connection.class, Statement.class, PreparedStatement.class,
				CallableStatement.class }) {
			hints.proxies().registerJdkProxy(type);
		}
	}

}
