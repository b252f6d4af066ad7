package io.cloacina.database.autoconfigure.aot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's runtime hints are registered through {@code aot.factories} and cover the drivers,
 * every class of its {@code spring.factories}, its Liquibase data type and the JDK proxies behind a
 * transaction pooler.
 */
class CloacinaRuntimeHintsTests {

	@Test
	void hintsCoverDriversAndEverySpringFactory() throws IOException {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(org.postgresql.Driver.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(io.cloacina.database.liquibase.SqliteAutoIncrementBigIntType.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(hints);
		for (Class<?> type : new Class<?>[] { java.sql.Connection.class, java.sql.Statement.class,
				java.sql.PreparedStatement.class, java.sql.CallableStatement.class }) {
			assertThat(RuntimeHintsPredicates.proxies().forInterfaces(type)).as(type.getName()).accepts(hints);
		}
		Properties factories = new Properties();
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring.factories")) {
			factories.load(in);
		}
		assertThat(factories).isNotEmpty();
		for (Object value : factories.values()) {
			for (String name : StringUtils.commaDelimitedListToStringArray((String) value)) {
				assertThat(RuntimeHintsPredicates.reflection()
					.onType(org.springframework.aot.hint.TypeReference.of(name.trim()))
					.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).as(name).accepts(hints);
			}
		}
	}

}
