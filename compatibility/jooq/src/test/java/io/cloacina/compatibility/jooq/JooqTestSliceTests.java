package io.cloacina.compatibility.jooq;

import java.nio.file.Files;
import java.nio.file.Path;

import io.cloacina.database.CloacinaDataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jooq.test.autoconfigure.JooqTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/**
 * {@code @JooqTest} with nothing but the database URL: the slice runs on the starter's SQLite data
 * source with the starter's exception translation.
 */
@JooqTest
class JooqTestSliceTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws Exception {
		Path directory = Files.createTempDirectory("jooq-test");
		registry.add("cloacina.database.url", () -> "sqlite://" + directory.resolve("slice.db"));
	}

	@Autowired
	DataSource dataSource;

	@Autowired
	DSLContext jooq;

	@Test
	void theSliceRunsOnTheStartersSqliteDataSource() {
		assertThat(this.dataSource).isInstanceOf(CloacinaDataSource.class);
		assertThat(this.jooq.dialect()).isEqualTo(SQLDialect.SQLITE);
		this.jooq.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		this.jooq.insertInto(table("item"), field("id")).values(1).execute();
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.jooq.insertInto(table("item"), field("id")).values(1).execute());
	}

}
