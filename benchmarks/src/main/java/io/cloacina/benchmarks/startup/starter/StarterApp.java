package io.cloacina.benchmarks.startup.starter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A minimal application on the starter: {@code cloacina.database.url=sqlite:<file>} (passed on the
 * command line by {@code StartupBenchmark}). When ready it runs one query, prints {@code READY} and exits.
 */
@SpringBootApplication
public class StarterApp {

	private final JdbcTemplate jdbc;

	StarterApp(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		this.jdbc.queryForObject("SELECT 1", Integer.class);
		System.out.println("READY");
		System.exit(0);
	}

	public static void main(String[] args) {
		SpringApplication.run(StarterApp.class, args);
	}

}
