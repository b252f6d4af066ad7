package io.cloacina.database;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public surface of the starter's packages, read from the compiled classes: what is public in
 * the backend packages is a deliberate list (their dialect, codec, lock, bulk inserter, translator
 * and the few entry points the root package calls), the transaction core and driver wrappers stay
 * package-private, and every package is {@code @NullMarked}. A class made public, or a package
 * added without {@code package-info.java}, fails here and has to be added on purpose.
 */
class PublicApiTests {

	private static final String ROOT = "io.cloacina.database";

	private static final Map<String, Set<String>> publicTypes = new TreeMap<>();

	private static final Map<String, Set<String>> internalTypes = new TreeMap<>();

	@BeforeAll
	static void readCompiledClasses() throws IOException, ClassNotFoundException {
		Resource[] resources = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:" + ROOT.replace('.', '/') + "/**/*.class");
		for (Resource resource : resources) {
			String url = resource.getURL().toString();
			int start = url.indexOf("/classes/");
			if (start < 0 || url.contains("/test-classes/") || url.contains("$")
					|| url.endsWith("package-info.class")) {
				continue;
			}
			String name = url.substring(start + "/classes/".length(), url.length() - ".class".length())
				.replace('/', '.');
			Class<?> type = Class.forName(name, false, PublicApiTests.class.getClassLoader());
			String pkg = type.getPackageName();
			(Modifier.isPublic(type.getModifiers()) ? publicTypes : internalTypes)
				.computeIfAbsent(pkg, (key) -> new TreeSet<>())
				.add(type.getSimpleName());
		}
	}

	@Test
	void copyPackageExposesTheCopyItsReportsAndItsExceptionOnly() {
		assertThat(publicTypes.get(ROOT + ".copy")).containsExactlyInAnyOrder("DatabaseCopy", "CopyReport",
				"CopyProgress", "DatabaseCopyException");
		assertThat(internalTypes.get(ROOT + ".copy")).containsExactlyInAnyOrder("ColumnKind", "RowDigest");
	}

	@Test
	void rootPackageHoldsThePublicApiAndOnlyTheUrlHelpersAreInternal() {
		assertThat(publicTypes.get(ROOT)).containsExactlyInAnyOrder("AnyConnection", "CloacinaDataSource",
				"ConnectionPooler", "DatabaseBackend", "DatabaseConfigurationException", "DatabaseUrl", "InvalidDatabaseUrlException");
		assertThat(internalTypes.get(ROOT)).containsExactlyInAnyOrder("NearestName", "UrlMasking");
	}

	@Test
	void sqliteTransactionCoreAndDriverWrappersArePackagePrivate() {
		assertThat(publicTypes.get(ROOT + ".sqlite")).containsExactlyInAnyOrder("SqliteBatchBulkInserter",
				"SqliteDialect", "SqliteExceptionTranslator", "SqliteFileException", "SqliteLeaseLock", "SqlitePool",
				"SqliteSqlStates", "SqliteUrls", "SqliteValueCodec");
		assertThat(internalTypes.get(ROOT + ".sqlite")).contains("SqliteConnectionFactory",
				"SqliteSingleWriterConnection", "SqliteStatement", "SqlitePreparedStatement", "SqliteResultSet",
				"SqliteTransaction", "SqliteWriteGate", "ThreadLocks");
	}

	@Test
	void postgresqlPackageExposesItsComponentsAndKeepsTheSchemaSetUpInternal() {
		assertThat(publicTypes.get(ROOT + ".postgresql")).containsExactlyInAnyOrder("PostgresAdvisoryLock",
				"PostgresCopyBulkInserter", "PostgresDialect", "PostgresExceptionTranslator", "PostgresPool",
				"PostgresUrls", "PostgresValueCodec");
		assertThat(internalTypes.get(ROOT + ".postgresql")).contains("PostgresSchemas", "TransactionPoolerConnections");
	}

	@Test
	void autoConfigurationHelpersArePackagePrivate() {
		assertThat(internalTypes.get(ROOT + ".autoconfigure")).contains("DatabaseBackendResolver",
				"PropertiesCloacinaConnectionDetails", "BackendComponents", "OnDatabaseBackendCondition");
	}

	@Test
	void copyRunModeExposesItsPropertiesAutoConfigurationAndInitializerOnly() {
		assertThat(publicTypes.get(ROOT + ".autoconfigure.copy")).containsExactlyInAnyOrder("CloacinaCopyAutoConfiguration",
				"CloacinaCopyProperties", "DatabaseCopyInitializer");
		assertThat(internalTypes.get(ROOT + ".autoconfigure.copy")).containsExactlyInAnyOrder("CopyExit",
				"CopyRunModeAotEnvironmentPostProcessor", "DatabaseCopyFailureAnalyzer", "DatabaseCopyInitializerDetector");
	}

	@Test
	void everyPackageIsNullMarked() throws ClassNotFoundException {
		Set<String> packages = new TreeSet<>(publicTypes.keySet());
		packages.addAll(internalTypes.keySet());
		assertThat(packages).hasSizeGreaterThanOrEqualTo(15);
		for (String pkg : packages) {
			Class<?> info = Class.forName(pkg + ".package-info", false, PublicApiTests.class.getClassLoader());
			assertThat(info.isAnnotationPresent(NullMarked.class)).as(pkg).isTrue();
		}
	}

}
