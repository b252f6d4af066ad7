package io.cloacina.database;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Properties of URL parsing over generated input: any input gives a parsed URL or the typed
 * exception, never another exception, and never a message or string that contains the password.
 */
class DatabaseUrlPropertyTests {

	/** Examples per property; raise it for a longer hunt: -Dcloacina.property-examples=500000. */
	private static final int EXAMPLES = Integer.getInteger("cloacina.property-examples", 20_000);

	private static final String SECRET_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789@/:?#&=%;!$+ ";

	@Test
	void anyInputParsesOrFailsWithTheTypedException() {
		qt().withExamples(EXAMPLES).forAll(strings().allPossible().ofLengthBetween(0, 80)).checkAssert((input) -> {
			try {
				DatabaseUrl url = DatabaseUrl.parse(input);
				assertThat(url.backend()).isNotNull();
				assertThat(url.jdbcUrl()).startsWith("jdbc:");
			}
			catch (InvalidDatabaseUrlException ex) {
				assertThat(ex.getMessage()).startsWith("Invalid database URL '");
				assertThat(ex.getAction()).contains("Accepted forms");
			}
		});
	}

	@Test
	void urlLikeInputParsesOrFailsWithTheTypedException() {
		Gen<String> prefixes = Generate.pick(List.of("postgres://", "postgresql://", "sqlite://", "sqlite:", "file:",
				"jdbc:postgresql://", "jdbc:sqlite:", "jdbc:", "mysql://", "", "./", "/", ":memory:"));
		Gen<String> rests = strings().ascii().ofLengthBetween(0, 60);
		qt().withExamples(EXAMPLES).forAll(prefixes, rests).checkAssert((prefix, rest) -> {
			try {
				DatabaseUrl.parse(prefix + rest);
			}
			catch (InvalidDatabaseUrlException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
		});
	}

	@Test
	void passwordNeverAppearsInMessagesOrStrings() {
		Gen<String> schemes = Generate.pick(List.of("postgres://", "postgresql://", "mysql://", "jdbc:postgresql://",
				"jdbc:mysql://", "redis://", "sqlite://", "weird:", ""));
		Gen<String> secrets = strings().betweenCodePoints(0, SECRET_ALPHABET.length() - 1)
			.ofLengthBetween(8, 16)
			.map(DatabaseUrlPropertyTests::fromAlphabet)
			.map((secret) -> "Zq" + secret);
		Gen<Integer> shapes = integers().between(0, 3);
		Gen<String> tails = Generate.pick(List.of("db.example.com:5432/app", "h1,h2:5433/app", "[::1]:5432/app",
				"host:notaport/app", "%2Ftmp/app", "host/app?sslmode=bad", "host/app?keepalives_idle=1",
				"host/app?sslmode=require&application_name=x", "[::1/app", "host/app?connect_timeout=x", "x.db",
				"host/app?user=me@corp"));
		qt().withExamples(EXAMPLES).forAll(schemes, secrets, shapes, tails).checkAssert((scheme, secret, shape, tail) -> {
			String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20");
			String input = switch (shape) {
				case 0 -> scheme + "user:" + encoded + "@" + tail;
				case 1 -> scheme + "user:" + secret + "@" + tail;
				case 2 -> scheme + tail + (tail.contains("?") ? "&" : "?") + "password=" + encoded;
				default -> scheme + tail + (tail.contains("?") ? "&" : "?") + "user=u&password=" + encoded
						+ "&sslmode=prefer";
			};
			try {
				DatabaseUrl url = DatabaseUrl.parse(input);
				assertNoSecret(url.toString(), secret, encoded);
				assertNoSecret(url.displayUrl(), secret, encoded);
				assertNoSecret(url.properties().toString(), secret, encoded);
			}
			catch (DatabaseConfigurationException ex) {
				assertNoSecret(ex.getMessage(), secret, encoded);
				assertNoSecret(ex.getAction(), secret, encoded);
			}
		});
	}

	@Test
	void maskingHidesUserInfoAndPasswordParameters() {
		assertThat(UrlMasking.mask("postgres://u:p%40ss@h/db")).isEqualTo("postgres://u:****@h/db");
		assertThat(UrlMasking.mask("jdbc:postgresql://h/db?user=u&password=x&ssl=true"))
			.isEqualTo("jdbc:postgresql://h/db?user=u&password=****&ssl=true");
		assertThat(UrlMasking.mask("sqlite://a.db")).isEqualTo("sqlite://a.db");
		assertThat(UrlMasking.mask(null)).isEqualTo("null");
	}

	private static String fromAlphabet(String codePoints) {
		StringBuilder text = new StringBuilder();
		codePoints.codePoints().forEach((index) -> text.append(SECRET_ALPHABET.charAt(index)));
		return text.toString();
	}

	private static void assertNoSecret(String text, String secret, String encoded) {
		assertThat(text).doesNotContain(secret).doesNotContain(encoded);
	}

}
