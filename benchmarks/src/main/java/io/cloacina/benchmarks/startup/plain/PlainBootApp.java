package io.cloacina.benchmarks.startup.plain;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The same application on plain Spring Boot JDBC: the starter's auto-configuration excluded
 * ({@code spring.autoconfigure.exclude}) and {@code spring.datasource.url=jdbc:sqlite:<file>} (both
 * passed on the command line by {@code StartupBenchmark}). When ready it runs one query, prints
 * {@code READY} and exits.
 */
@SpringBootApplication
public class PlainBootApp {

	private final JdbcTemplate jdbc;

	PlainBootApp(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		this.jdbc.queryForObject("SELECT 1", Integer.class);
		System.out.println("READY");
		System.exit(0);
	}

	public static void main(String[] args) {
		SpringApplication.run(PlainBootApp.class, args);
	}

}
