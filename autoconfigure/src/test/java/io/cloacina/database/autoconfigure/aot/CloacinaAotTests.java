package io.cloacina.database.autoconfigure.aot;

import java.util.function.Consumer;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.autoconfigure.CloacinaDialectAutoConfiguration;
import io.cloacina.database.autoconfigure.CloacinaJdbcExceptionTranslationAutoConfiguration;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.postgresql.PostgresDialect;
import io.cloacina.database.sqlite.SqliteDialect;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.javapoet.ClassName;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A context processed ahead of time (as {@code spring-boot:process-aot} does) with one backend
 * configured starts on the other one: the data source, the dialect and the exception translation
 * follow the URL given at run time.
 */
@CompileWithForkedClassLoader
class CloacinaAotTests {

	@Test
	void processedWithSqliteRunsOnPostgres() {
		String postgres = TestPostgres.createDatabase();
		processAheadOfTime("sqlite::memory:", postgres, (context) -> {
			assertThat(context.getBean(CloacinaDataSource.class).getBackend()).isEqualTo(DatabaseBackend.POSTGRESQL);
			assertThat(context.getBean(DatabaseDialect.class)).isInstanceOf(PostgresDialect.class);
			assertWorks(context);
		});
	}

	@Test
	void processedWithPostgresRunsOnSqlite() {
		String postgres = TestPostgres.createDatabase();
		processAheadOfTime(postgres, "sqlite::memory:", (context) -> {
			assertThat(context.getBean(CloacinaDataSource.class).getBackend()).isEqualTo(DatabaseBackend.SQLITE);
			assertThat(context.getBean(DatabaseDialect.class)).isInstanceOf(SqliteDialect.class);
			assertWorks(context);
		});
	}

	private static void assertWorks(GenericApplicationContext context) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		jdbc.execute("CREATE TABLE aot_item (id INTEGER PRIMARY KEY)");
		jdbc.update("INSERT INTO aot_item (id) VALUES (1)");
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> jdbc.update("INSERT INTO aot_item (id) VALUES (1)"));
	}

	@SuppressWarnings("unchecked")
	private static void processAheadOfTime(String buildUrl, String runUrl, Consumer<GenericApplicationContext> check) {
		AnnotationConfigApplicationContext build = new AnnotationConfigApplicationContext();
		build.setEnvironment(new MockEnvironment().withProperty("cloacina.database.url", buildUrl));
		build.register(Application.class);
		TestGenerationContext generationContext = new TestGenerationContext();
		ClassName className = new ApplicationContextAotGenerator().processAheadOfTime(build, generationContext);
		generationContext.writeGeneratedContent();
		TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
			try (GenericApplicationContext run = new GenericApplicationContext()) {
				run.setEnvironment(new MockEnvironment().withProperty("cloacina.database.url", runUrl));
				ApplicationContextInitializer<GenericApplicationContext> initializer = compiled
					.getInstance(ApplicationContextInitializer.class, className.toString());
				initializer.initialize(run);
				run.refresh();
				check.accept(run);
			}
		});
	}

	@ImportAutoConfiguration({ CloacinaDataSourceAutoConfiguration.class, CloacinaDialectAutoConfiguration.class,
			CloacinaJdbcExceptionTranslationAutoConfiguration.class, DataSourceAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			TransactionAutoConfiguration.class })
	public static class Application {

	}

}
